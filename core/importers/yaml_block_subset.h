#pragma once
// A fast reader for the plain block YAML that LLVM's YAML writer and PyYAML produce
// (clang-tidy --export-fixes, run-clang-tidy): block mappings and sequences (also
// indentless ones), one-line plain, single- and double-quoted scalars, [] and {}. It
// declines anything else (anchors, flow collections, multi-line scalars, tags, ...),
// which then goes to yaml-cpp: the subset is read exactly or not at all.
#include <optional>
#include <string_view>

#include "core/importers/yaml_documents.h"

namespace tars {

// The root of one document (without its "---" / "..." lines), `first_line` being the
// 1-based line of the input where `text` starts; nullopt outside the subset.
std::optional<YamlNode> parse_block_yaml(std::string_view text, int first_line);

}  // namespace tars
