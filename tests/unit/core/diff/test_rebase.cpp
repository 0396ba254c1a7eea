#include <doctest/doctest.h>

#include "core/diff/rebase.h"
#include "core/model/improvement.h"

using namespace tars;

namespace {

TextEdit replace(std::string_view base, const std::string& old_text, const std::string& new_text) {
  return {base.find(old_text), old_text, new_text};
}

std::string rebased(std::string_view base, std::string_view current, std::vector<TextEdit> edits) {
  RebaseResult result = rebase_edits(base, current, edits);
  REQUIRE_MESSAGE(result.ok, result.conflict);
  return apply_edits(current, result.edits);
}

}  // namespace

TEST_CASE("unchanged base: the edits stay") {
  std::string base = "a\nb\nc\n";
  CHECK(rebased(base, base, {replace(base, "b", "B")}) == "a\nB\nc\n");
}

TEST_CASE("edits move with lines added or removed above, and ignore changes below") {
  std::string base = "a\nb\nc\nd\ne\n";
  auto edits = std::vector<TextEdit>{replace(base, "c", "C"), replace(base, "e", "E")};
  CHECK(rebased(base, "new\nlines\na\nb\nc\nd\ne\n", edits) == "new\nlines\na\nb\nC\nd\nE\n");
  CHECK(rebased(base, "b\nc\nd\ne\n", edits) == "b\nC\nd\nE\n");
  CHECK(rebased(base, "a\nb\nc\nd changed\ne\n", edits) == "a\nb\nC\nd changed\nE\n");
}

TEST_CASE("an edit on a changed line is a conflict naming it") {
  std::string base = "a\nb\nc\n";
  RebaseResult result = rebase_edits(base, "a\nb changed\nc\n", {replace(base, "b", "B")});
  CHECK_FALSE(result.ok);
  CHECK(result.conflict == "line 2 changed");
  RebaseResult spanning = rebase_edits(base, "a\nX\nb\nc\n", {{base.find("a"), "a\nb", "ab"}});
  CHECK_FALSE(spanning.ok);  // the two lines it joins are no longer adjacent
}

TEST_CASE("insertions at the end of file, CRLF content, several edits") {
  std::string base = "one\r\ntwo\r\n";
  TextEdit append{base.size(), "", "three\r\n"};
  CHECK(rebased(base, "zero\r\none\r\ntwo\r\n", {append}) == "zero\r\none\r\ntwo\r\nthree\r\n");
  std::string code = "int a;\nint b;\nint c;\n";
  std::vector<TextEdit> edits = {replace(code, "a;", "a = 0;"), replace(code, "c;", "c = 0;")};
  CHECK(rebased(code, "// header\nint a;\nint b;\nint c;\n// footer\n", edits) ==
        "// header\nint a = 0;\nint b;\nint c = 0;\n// footer\n");
  RebaseResult empty = rebase_edits("", "x\n", {{0, "", "y"}});
  CHECK_FALSE(empty.ok);
}

TEST_CASE("two fixes on one line: the second moves within the line the first changed") {
  std::string base = "int f(int* p) {\n  if (p) return NULL;\n  return 0;\n}\n";
  TextEdit nullptr_fix = replace(base, "NULL", "nullptr");
  CHECK(rebased(base, "int f(int* p) {\n  if (p) { return NULL; }\n  return 0;\n}\n",
                {nullptr_fix}) ==
        "int f(int* p) {\n  if (p) { return nullptr; }\n  return 0;\n}\n");
  // The braces fix of clang-tidy also breaks the line.
  CHECK(rebased(base, "int f(int* p) {\n  if (p) {\n    return NULL;\n  }\n  return 0;\n}\n",
                {nullptr_fix}) ==
        "int f(int* p) {\n  if (p) {\n    return nullptr;\n  }\n  return 0;\n}\n");
  // An insertion keeps its place when nothing was inserted right at it.
  std::string call = "g(a);\nh();\n";
  CHECK(rebased(call, "g(a) ;\nh();\n", {{call.find("a"), "", "b, "}}) == "g(b, a) ;\nh();\n");
}

TEST_CASE("a fix whose word or neighbouring bytes changed is a conflict") {
  std::string base = "p = NULL;\nq = 0;\n";
  TextEdit fix = replace(base, "NULL", "nullptr");
  RebaseResult token = rebase_edits(base, "p = NULLPTR;\nq = 0;\n", {fix});
  CHECK_FALSE(token.ok);
  CHECK(token.conflict == "line 1 changed");
  CHECK_FALSE(rebase_edits(base, "p = MY_NULL;\nq = 0;\n", {fix}).ok);
  CHECK_FALSE(rebase_edits(base, "p = (NULL);\nq = 0;\n", {fix}).ok);
  std::string call = "f(a);\n";
  CHECK_FALSE(rebase_edits(call, "f(a, c);\n", {{call.find(")"), "", ", b"}}).ok);
  CHECK_FALSE(rebase_edits(call, "f(ab);\n", {{call.find("a"), "a", "x"}}).ok);
}

TEST_CASE("edits starting in one changed line but ending apart each get their own region") {
  // Found by fuzz/targets/rebase.cpp (ASan: heap-buffer-overflow): the character matches
  // of the first edit's region (line 1) were reused for the second's (lines 1-2), read
  // past their end.
  std::string base = "a = 1; x;\nb = y;\nc;\n";
  std::string current = "a = 1;; x;\nb = y;\nc;\n";
  TextEdit first = replace(base, "a", "A");
  TextEdit second{base.find("x;"), "x;\nb", "X;\nB"};
  CHECK(rebased(base, current, {first, second}) == "A = 1;; X;\nB = y;\nc;\n");
}

TEST_CASE("edits matched in different regions never cross: that is a conflict") {
  // Found by fuzz/targets/rebase.cpp: "x" (its own line's region) and ";\nb" (a region of
  // two lines) were placed over each other, and applying them failed.
  std::string base = "a = 1; x;\nb = y;\nc;\n";
  std::string current = "a = 1;; x;\nb = y;; x;\nb = y;\nc!\n";
  RebaseResult result = rebase_edits(base, current, {{7, "x", ""}, {8, ";\nb", "hhh"}});
  CHECK_FALSE(result.ok);
  CHECK(result.conflict == "line 1 changed");
}
