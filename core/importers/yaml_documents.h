#pragma once
// The documents of a YAML stream as light trees, one at a time: yaml-cpp's event parser
// without its node API, whose allocations make large inputs (26 MB of clang-tidy fixes)
// several times slower to load.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tars {

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
// "<origin>:<line>:<column>: not valid YAML: ...") on a syntax error.
std::size_t for_each_yaml_document(std::string_view input, const std::string& origin,
                                   const std::function<void(const YamlNode&)>& on_document);

// The same through yaml-cpp alone (what the fast reader falls back to per document).
void for_each_yaml_document_slow(std::string_view input, const std::string& origin,
                                 const std::function<void(const YamlNode&)>& on_document);

}  // namespace tars
