#include <doctest/doctest.h>

#include "core/generate/builtin_rules.h"
#include "core/model/improvement.h"

using namespace tars;

namespace {

RuleFindings check(std::string_view rule, std::string_view path, std::string_view content) {
  const BuiltinRule* found = find_builtin_rule(rule);
  REQUIRE(found != nullptr);
  return found->check(path, content);
}

// What the file becomes once the rule's edits are applied.
std::string fixed(std::string_view rule, std::string_view path, std::string_view content) {
  return apply_edits(content, check(rule, path, content).edits);
}

}  // namespace

TEST_CASE("the registry names every rule once; unknown names are not found") {
  std::vector<std::string> names;
  for (const BuiltinRule& rule : builtin_rules()) names.emplace_back(rule.name);
  CHECK(names == std::vector<std::string>{"trailing-whitespace", "final-newline",
                                          "mixed-line-endings", "pragma-once"});
  CHECK(find_builtin_rule("no-such-rule") == nullptr);
}

TEST_CASE("trailing-whitespace strips spaces and tabs before LF, CRLF and end of file") {
  CHECK(fixed("trailing-whitespace", "a.cpp", "int a; \t\r\nint b;  \nint c;\t") ==
        "int a;\r\nint b;\nint c;");
  RuleFindings findings = check("trailing-whitespace", "a.cpp", "x\ncaf\xc3\xa9  \n");
  REQUIRE(findings.diagnostics.size() == 1);
  const Diagnostic& d = findings.diagnostics[0];
  CHECK(d.path == "a.cpp");
  CHECK(d.line == 2);
  CHECK(d.column == 6);  // bytes: "café" is 5 bytes
  CHECK(d.end_column == 8);
  CHECK(d.code == "trailing-whitespace");
  CHECK(d.source == "tars");
  CHECK(findings.edits[0].offset == 7);
  CHECK(findings.edits[0].old_text == "  ");
}

TEST_CASE("trailing-whitespace leaves clean, empty, Markdown and patch files alone") {
  CHECK(check("trailing-whitespace", "a.txt", "").edits.empty());
  CHECK(check("trailing-whitespace", "a.txt", "clean\r\nfile\n").edits.empty());
  CHECK(check("trailing-whitespace", "README.md", "hard  \nbreak\n").edits.empty());
  CHECK(check("trailing-whitespace", "fix.PATCH", " \n").edits.empty());
  // A lone CR is text, not a line ending; it is not whitespace to strip either.
  CHECK(fixed("trailing-whitespace", "a.txt", "a \rb\n") == "a \rb\n");
}

TEST_CASE("final-newline adds the ending the file uses") {
  CHECK(fixed("final-newline", "a.txt", "one\ntwo") == "one\ntwo\n");
  CHECK(fixed("final-newline", "a.txt", "one\r\ntwo") == "one\r\ntwo\r\n");
  CHECK(fixed("final-newline", "a.txt", "single") == "single\n");
  CHECK(fixed("final-newline", "a.txt", "one\r\ntwo\r") == "one\r\ntwo\r\n");
  CHECK(check("final-newline", "a.txt", "").edits.empty());
  CHECK(check("final-newline", "a.txt", "done\n").edits.empty());
  RuleFindings findings = check("final-newline", "a.txt", "one\n\xc3\xa9t\xc3\xa9");
  REQUIRE(findings.diagnostics.size() == 1);
  CHECK(findings.diagnostics[0].line == 2);
  CHECK(findings.diagnostics[0].column == 6);
  CHECK(findings.edits[0].offset == 9);
}

TEST_CASE("mixed-line-endings converts the minority to the majority") {
  CHECK(fixed("mixed-line-endings", "a.txt", "a\r\nb\r\nc\nd") == "a\r\nb\r\nc\r\nd");
  CHECK(fixed("mixed-line-endings", "a.txt", "a\nb\r\nc\n") == "a\nb\nc\n");
  // A tie goes to the first line's ending.
  CHECK(fixed("mixed-line-endings", "a.txt", "a\r\nb\n") == "a\r\nb\r\n");
  CHECK(fixed("mixed-line-endings", "a.txt", "a\nb\r\n") == "a\nb\n");
  CHECK(check("mixed-line-endings", "a.txt", "a\r\nb\r\n").edits.empty());
  CHECK(check("mixed-line-endings", "a.txt", "").edits.empty());
  CHECK(check("mixed-line-endings", "a.txt", "a\rb\nc\n").edits.empty());  // lone CR: text
  RuleFindings findings = check("mixed-line-endings", "a.txt", "\xc3\xa9\r\nx\ny\n");
  REQUIRE(findings.diagnostics.size() == 1);
  CHECK(findings.diagnostics[0].line == 1);
  CHECK(findings.diagnostics[0].column == 3);
  CHECK(findings.diagnostics[0].message.find("most lines of this file end with LF") !=
        std::string::npos);
}

TEST_CASE("pragma-once guards unguarded headers after their leading comments") {
  CHECK(fixed("pragma-once", "a.h", "int f();\n") == "#pragma once\n\nint f();\n");
  CHECK(fixed("pragma-once", "inc/a.HPP", "// (c) me\r\n/* doc\r\n */\r\nint f();\r\n") ==
        "// (c) me\r\n/* doc\r\n */\r\n#pragma once\r\n\r\nint f();\r\n");
  CHECK(fixed("pragma-once", "a.hh", "\xEF\xBB\xBFint f();\n") ==
        "\xEF\xBB\xBF#pragma once\n\nint f();\n");
  RuleFindings findings = check("pragma-once", "a.h", "// caf\xc3\xa9\n\nstruct S {};\n");
  REQUIRE(findings.diagnostics.size() == 1);
  CHECK(findings.diagnostics[0].line == 3);
  CHECK(findings.diagnostics[0].code == "pragma-once");
}

TEST_CASE("pragma-once leaves guarded, empty, comment-only and non-header files alone") {
  CHECK(check("pragma-once", "a.h", "#pragma once\nint f();\n").edits.empty());
  CHECK(check("pragma-once", "a.h", "// x\n#  pragma   once\n").edits.empty());
  CHECK(check("pragma-once", "a.h", "/* x */\n#ifndef A_H\n#define A_H\nint f();\n#endif\n")
            .edits.empty());
  CHECK(check("pragma-once", "a.h", "#if !defined(A_H)\n# define A_H 1\n#endif\n").edits.empty());
  CHECK(check("pragma-once", "a.h", "").edits.empty());
  CHECK(check("pragma-once", "a.h", "// only a comment\n").edits.empty());
  CHECK(check("pragma-once", "a.cpp", "int f();\n").edits.empty());
  CHECK(check("pragma-once", "a.inc", "X(1)\n").edits.empty());
  // A guard after a deliberate unguarded part (libstdc++'s complex.h does so) counts.
  CHECK(check("pragma-once", "a.h", "#include_next <x.h>\n#ifndef A_H\n#define A_H 1\n#endif\n")
            .edits.empty());
  CHECK(check("pragma-once", "a.h", "#pragma once // yes\r\nint f();\r\n").edits.empty());
  // An #ifndef that is not a guard (the #define names another macro) is no guard.
  CHECK_FALSE(check("pragma-once", "a.h", "#ifndef A\n#define B\n#endif\n").edits.empty());
}
