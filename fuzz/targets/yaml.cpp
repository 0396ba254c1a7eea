// The YAML reader: bad input is Error(BadInput) only, and the fast block reader reads
// exactly what yaml-cpp reads whenever it accepts a document (its promise: the subset
// exactly or not at all).
#include "core/base/error.h"
#include "core/importers/yaml_reader.h"
#include "fuzz/fuzz_support.h"

namespace {

std::string dump(const tars::YamlNode& node) {
  std::string out = std::to_string(static_cast<int>(node.kind)) + "@" + std::to_string(node.line) +
                    ":" + std::to_string(node.column);
  if (node.kind == tars::YamlNode::Kind::Scalar) out += "'" + node.scalar + "'";
  out += "[";
  for (const tars::YamlNode& item : node.items) out += dump(item) + ",";
  return out + "]";
}

// yaml-cpp's reading of one document's text, "" when it fails or holds no document.
std::string slow(std::string_view text) {
  std::string out;
  try {
    tars::for_each_yaml_document_slow(text, "fuzz.yaml",
                                      [&](const tars::YamlNode& root) { out += dump(root); });
  } catch (const tars::Error&) {
    return "";
  }
  return out;
}

bool has_document_marker(std::string_view text) {
  return text.starts_with("---") || text.starts_with("...") ||
         text.find("\n---") != std::string_view::npos ||
         text.find("\n...") != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view input = tars::fuzz::text(data, size);
  try {
    tars::for_each_yaml_document(input, "fuzz.yaml", [](const tars::YamlNode&) {});
  } catch (const tars::Error& e) {
    if (e.kind() != tars::ErrorKind::BadInput) tars::fuzz::failure(e.what());
  }
  if (has_document_marker(input)) return 0;  // one document: compare the two readers
  std::optional<tars::YamlNode> fast = tars::parse_block_yaml(input, 1);
  if (!fast) return 0;
  std::string expected = slow(input);
  std::string got = fast->line > 0 ? dump(*fast) : "";  // line 0: only comments
  if (got != expected)
    tars::fuzz::failure("the fast reader read\n  " + got + "\nwhere yaml-cpp read\n  " + expected);
  return 0;
}
