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

TEST_CASE("control characters and a lone CR are left to yaml-cpp") {
  // Found by fuzz/targets/yaml.cpp: the fast reader read these otherwise than yaml-cpp.
  const std::vector<std::string> inputs = {std::string("a: mme\0\0\0\0nt\n", 14), "\r", "a: 1\r",
                                           "a: b\x01c\n", "a: 'b\x7f'\n"};
  // What a reader made of the input, or its error.
  auto outcome = [](auto reader, const std::string& input) {
    try {
      std::string out;
      for (const std::string& document : reader(input)) out += document + "\n";
      return out;
    } catch (const Error& e) {
      return std::string(e.what());
    }
  };
  for (const std::string& input : inputs) {
    CAPTURE(input);
    CHECK_FALSE(parse_block_yaml(input, 1).has_value());
    // yaml-cpp reads a lone "\r" as an empty scalar; the splitter skips blank documents.
    if (input != "\r") CHECK(outcome(fast, input) == outcome(slow, input));
  }
  CHECK(parse_block_yaml("a: 1\r\nb: 2\r\n", 1).has_value());  // CRLF is a line end
}

TEST_CASE("escapes that are no character are left to yaml-cpp") {
  // Found by fuzz/targets/yaml.cpp: "\U0201F600" became 4 bytes of another character
  // where yaml-cpp refuses it.
  for (std::string input : {"k: \"\\U0201F600\"\n", "k: \"\\ud800\"\n", "k: \"\\U00110000\"\n"}) {
    CAPTURE(input);
    CHECK_FALSE(parse_block_yaml(input, 1).has_value());
  }
  CHECK(parse_block_yaml("k: \"\\U0010FFFF\\uD7FF\\uE000\"\n", 1).has_value());
}

TEST_CASE("empty values are placed where yaml-cpp places them") {
  // Found by fuzz/targets/yaml.cpp: the fast reader gave empty items line 0, column 0.
  const std::vector<std::string> inputs = {"a:\n-\n# c\n", "k:\nl: 1\n", "- a\n-\n- b\n",
                                           "a:\n  b:\nc: 1\n"};
  for (const std::string& input : inputs) {
    CAPTURE(input);
    CHECK_FALSE(parse_block_yaml(input, 1).has_value());
    CHECK(fast(input) == slow(input));
    CHECK(fast(input).at(0).find("@0:0") == std::string::npos);
  }
}

TEST_CASE("a key that is a null word is null, as yaml-cpp reads it") {
  // Found by the CI's fixed-seed fuzz run: "null: x" gave the fast reader a key 'null'
  // where yaml-cpp has a null key.
  for (std::string input : {"null: x\na: 1\n", "Null: x\n", "NULL:\n  - 1\n"}) {
    CAPTURE(input);
    CHECK(parse_block_yaml(input, 1).has_value());
    CHECK(fast(input) == slow(input));
  }
}

TEST_CASE("a stray ',' is refused, not read as endless empty documents") {
  // Found by fuzz/targets/clang_tidy.cpp: yaml-cpp 0.7 looped forever on ",--"
  // (jbeder/yaml-cpp#1040).
  CHECK(tars::test::error_message([] { fast(",--"); }, ErrorKind::BadInput) ==
        "x.yaml:1:1: not valid YAML: unexpected token");
  CHECK(tars::test::error_message([] { fast("a: 1\n---\nb: 2\n,\n"); }, ErrorKind::BadInput)
            .starts_with("x.yaml:"));
  CHECK(tars::test::error_message([] { slow("a: 1\n---\n,"); }, ErrorKind::BadInput) ==
        "x.yaml:3:1: not valid YAML: unexpected token");
}

TEST_CASE("documents of only comments are skipped") {
  CHECK(fast("# only a comment\n---\n# and another\n...\n---\na: 1\n").size() == 1);
}

TEST_CASE("syntax errors name the line and column in the whole input") {
  std::string message =
      tars::test::error_message([] { fast("---\na: 1\n...\n---\nb: [1,\n"); }, ErrorKind::BadInput);
  CHECK(message.starts_with("x.yaml:6:1: not valid YAML: "));
}

namespace {

// "Billion laughs": each level an anchored list of ten aliases of the level before.
std::string alias_bomb(int levels) {
  std::string out = "l0: &l0 lol\n";
  for (int level = 1; level <= levels; ++level) {
    std::string name = "l" + std::to_string(level);
    out += name + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) out += (i ? ", *l" : "*l") + std::to_string(level - 1);
    out += "]\n";
  }
  return out;
}

}  // namespace

TEST_CASE("an alias bomb is refused before it expands, naming the alias") {
  // Six levels are a million nodes (~75 MB of tree): over the 64 MiB bound. Without it,
  // nine levels took more than 6.9 GB (tests/e2e/test_import_bombs.sh runs those).
  std::string message =
      tars::test::error_message([&] { fast(alias_bomb(6)); }, ErrorKind::BadInput);
  CHECK(message.starts_with("x.yaml:7:"));  // the alias that went over
  CHECK(message.find(": YAML aliases expand to more than 64 MiB") != std::string::npos);
  // Few nodes, much text: a 64 KiB scalar copied 2,000 times (128 MB).
  std::string wide = "a: &a " + std::string(65536, 'x') + "\nb: [";
  for (int i = 0; i < 2000; ++i) wide += i ? ", *a" : "*a";
  message = tars::test::error_message([&] { fast(wide + "]\n"); }, ErrorKind::BadInput);
  CHECK(message.starts_with("x.yaml:2:"));
  CHECK(message.find(": YAML aliases expand to more than 64 MiB") != std::string::npos);
  // A few aliases are fine (and expanded).
  std::vector<std::string> small = fast(alias_bomb(2));
  REQUIRE(small.size() == 1);
  std::size_t copies = 0;
  for (std::size_t at = small[0].find("'lol'"); at != std::string::npos;
       at = small[0].find("'lol'", at + 1))
    ++copies;
  CHECK(copies == 1 + 10 + 100);
}

TEST_CASE("nesting deeper than 128 levels is refused naming the place, in both readers") {
  std::string flow = "a: " + std::string(129, '[') + std::string(129, ']') + "\n";
  CHECK(
      tars::test::error_message([&] { fast(flow); }, ErrorKind::BadInput).starts_with("x.yaml:1:"));
  CHECK(tars::test::error_message([&] { fast(flow); }, ErrorKind::BadInput)
            .find("nesting deeper than 128 levels") != std::string::npos);
  // Block mappings, one more space each line: the fast reader declines, yaml-cpp refuses.
  std::string block;
  for (int depth = 0; depth < 200; ++depth) block += std::string(depth, ' ') + "k:\n";
  CHECK_FALSE(parse_block_yaml(block, 1).has_value());
  CHECK(tars::test::error_message([&] { fast(block); }, ErrorKind::BadInput)
            .find("nesting deeper than 128 levels") != std::string::npos);
  // "- - - ... x" on one line once overflowed the fast reader's stack.
  std::string items;
  for (int depth = 0; depth < 100000; ++depth) items += "- ";
  items += "x\n";
  CHECK(tars::test::error_message([&] { fast(items); }, ErrorKind::BadInput)
            .find("nesting deeper than 128 levels") != std::string::npos);
  // 128 levels are fine.
  std::string deep = std::string(127, '[') + std::string(127, ']') + "\n";
  CHECK(fast("a: " + deep).size() == 1);
  // An alias may not carry a deep tree deeper.
  std::string anchored = "a: &d " + std::string(100, '[') + std::string(100, ']') +
                         "\nb: " + std::string(50, '[') + "*d" + std::string(50, ']') + "\n";
  CHECK(tars::test::error_message([&] { fast(anchored); }, ErrorKind::BadInput)
            .find("nesting deeper than 128 levels") != std::string::npos);
}
