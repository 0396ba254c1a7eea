#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/importers/yaml_reader.h"
#include "test_support.h"

using namespace tars;

namespace {

// A tree as text: kinds, scalars and places, to compare the two readers.
std::string dump(const YamlNode& node) {
  static const char* kinds[] = {"null", "scalar", "seq", "map"};
  std::string out = std::string(kinds[static_cast<int>(node.kind)]) + "@" +
                    std::to_string(node.line) + ":" + std::to_string(node.column);
  if (node.kind == YamlNode::Kind::Scalar) out += "'" + node.scalar + "'";
  if (!node.items.empty()) {
    out += "[";
    for (const YamlNode& item : node.items) out += dump(item) + ",";
    out += "]";
  }
  return out;
}

std::size_t fast_documents = 0;  // read by the fast reader in the last fast() call

std::vector<std::string> fast(const std::string& input) {
  std::vector<std::string> out;
  fast_documents = for_each_yaml_document(input, "x.yaml",
                                          [&](const YamlNode& root) { out.push_back(dump(root)); });
  return out;
}

std::vector<std::string> slow(const std::string& input) {
  std::vector<std::string> out;
  for_each_yaml_document_slow(input, "x.yaml",
                              [&](const YamlNode& root) { out.push_back(dump(root)); });
  return out;
}

// The export-fixes shape as clang-tidy 14 writes it (LLVM's YAML writer).
const std::string kLlvm = R"(---
MainSourceFile:  '/tmp/ctx/a.cpp'
Diagnostics:
  - DiagnosticName:  readability-else-after-return
    DiagnosticMessage:
      Message:         'do not use ''else'' after ''return'''
      FilePath:        '/tmp/ctx/a.cpp'
      FileOffset:      77
      Replacements:
        - FilePath:        '/tmp/ctx/a.cpp'
          Offset:          77
          Length:          13
          ReplacementText: "\n}\t\\ \"q\" \x41\u00e9\U0001F600"
      Ranges:
        - FilePath:        '/tmp/ctx/a.cpp'
          FileOffset:      77
          Length:          4
    Notes:
      - Message:         note
        FilePath:        ''
        FileOffset:      0
        Replacements:    []
    Level:           Warning
    BuildDirectory:  '/tmp/ctx'
...
---
MainSourceFile:  b.cpp
Diagnostics:     []
...
)";

// run-clang-tidy's merge (PyYAML): indentless sequences, sorted keys.
const std::string kPyYaml = R"(Diagnostics:
- BuildDirectory: /tmp/ctx2/build
  DiagnosticMessage:
    FileOffset: 86
    FilePath: ../include/shared.h
    Message: statement should be inside braces
    Replacements:
    - FilePath: ../include/shared.h
      Length: 0
      Offset: 86
      ReplacementText: ' {'
  DiagnosticName: readability-braces-around-statements
  Level: Warning
MainSourceFile: ''
)";

}  // namespace

TEST_CASE("the fast reader gives yaml-cpp's trees for clang-tidy's and PyYAML's output") {
  std::vector<std::string> llvm = fast(kLlvm);
  CHECK(fast_documents == 2);
  CHECK(llvm == slow(kLlvm));
  REQUIRE(llvm.size() == 2);
  CHECK(llvm[0].find("'\n}\t\\ \"q\" A\xc3\xa9\xf0\x9f\x98\x80'") != std::string::npos);
  CHECK(parse_block_yaml(kLlvm.substr(4, kLlvm.find("...") - 4), 2).has_value());
  CHECK(fast(kPyYaml) == slow(kPyYaml));
  CHECK(fast_documents == 1);
  CHECK(parse_block_yaml(kPyYaml, 1).has_value());
}

TEST_CASE("anything outside the subset is left to yaml-cpp, with the same result") {
  const std::vector<std::string> inputs = {
      // PyYAML folds "\n}" into a multi-line single-quoted scalar
      "Diagnostics:\n- ReplacementText: '\n\n    }'\n  Offset: 1\n",
      "Replacements:\n  - { FilePath: a.cpp, Offset: 6, Length: 1, ReplacementText: '==' }\n",
      "a: &x 1\nb: *x\n",
      "a: |\n  block\n  text\n",
      "a: plain\n  continued\n",
      "--- !!map\na: 1\n",
      "'quoted key': 1\n",
      "a: 1 # comment\n",
      "a:\n- 1\n-\n  - 2\n- x: y\n  z: ~\nb: null\n",
  };
  for (const std::string& input : inputs) {
    CAPTURE(input);
    CHECK(fast(input) == slow(input));
  }
  fast(inputs[0]);
  CHECK(fast_documents == 0);
  CHECK_FALSE(parse_block_yaml(inputs[0], 1).has_value());
  CHECK_FALSE(parse_block_yaml(inputs[1], 1).has_value());
}

TEST_CASE("documents of only comments are skipped") {
  CHECK(fast("# only a comment\n---\n# and another\n...\n---\na: 1\n").size() == 1);
}

TEST_CASE("syntax errors name the line and column in the whole input") {
  std::string message =
      tars::test::error_message([] { fast("---\na: 1\n...\n---\nb: [1,\n"); }, ErrorKind::BadInput);
  CHECK(message.starts_with("x.yaml:6:1: not valid YAML: "));
}
