#pragma once
// The YAML reader: the documents of a YAML stream as light trees, one at a time. Each
// document is read by a fast exact reader of the plain block YAML that LLVM's YAML
// writer and PyYAML produce (yaml_block_reader.cpp) or, outside that subset, by
// yaml-cpp's event parser without its node API, whose allocations make large inputs
// (26 MB of clang-tidy fixes) several times slower to load.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tars {

// Bounds on hostile input ("billion laughs", deep nesting), both Error(BadInput) naming
// the place: collections nest at most kMaxYamlDepth deep, and aliases may copy at most
// kMaxYamlAliasBytes of tree (nodes and their text) in one input. LLVM's YAML writer and
// PyYAML write no aliases, and clang-tidy's fixes nest six deep.
inline constexpr int kMaxYamlDepth = 128;
inline constexpr std::size_t kMaxYamlAliasBytes = std::size_t{64} << 20;

struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Map };
  Kind kind = Kind::Null;
  int line = 0;  // 1-based place in the input
  int column = 0;
  std::string scalar;
  std::vector<YamlNode> items;  // a sequence's items; a map's keys and values, alternating

  // The value under `key` of a map; nullptr when missing or not a map.
  const YamlNode* find(std::string_view key) const;
};

// Calls `on_document` with each document's root in order; returns how many the fast
// block reader read (the others went to yaml-cpp). Throws Error(BadInput,
// "<origin>:<line>:<column>: not valid YAML: ...") on a syntax error, and naming the
// place when nesting or aliases go past the bounds above.
std::size_t for_each_yaml_document(std::string_view input, const std::string& origin,
                                   const std::function<void(const YamlNode&)>& on_document);

// The same through yaml-cpp alone (what the fast reader falls back to per document).
void for_each_yaml_document_slow(std::string_view input, const std::string& origin,
                                 const std::function<void(const YamlNode&)>& on_document);

// The fast reader alone: block mappings and sequences (also indentless ones), one-line
// plain, single- and double-quoted scalars, [] and {}. It declines anything else
// (anchors, flow collections, multi-line scalars, tags, nesting past kMaxYamlDepth, ...):
// the subset is read exactly or not at all. `text` is one document without its "---" /
// "..." lines, starting at the input's 1-based line `first_line`; nullopt outside the
// subset.
std::optional<YamlNode> parse_block_yaml(std::string_view text, int first_line);

}  // namespace tars
