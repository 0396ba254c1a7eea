#include "core/importers/importer.h"

#include <array>

#include "core/importers/formats.h"

namespace tars {

namespace {

// Every format, in the order content sniffing tries them (the strict sniffs of the
// structured formats before the patch's). A new format is one line.
const std::array<const Importer*, 4>& importers() {
  static const std::array<const Importer*, 4> all = {&clang_tidy_importer(), &sarif_importer(),
                                                     &lsp_edit_importer(), &patch_importer()};
  return all;
}

}  // namespace

const Importer* find_importer(std::string_view format) {
  for (const Importer* importer : importers())
    if (importer->format() == format) return importer;
  return nullptr;
}

const Importer* guess_importer(std::string_view input) {
  for (const Importer* importer : importers())
    if (importer->sniff(input)) return importer;
  return nullptr;
}

std::vector<std::string> importer_formats() {
  std::vector<std::string> formats;
  for (const Importer* importer : importers()) formats.emplace_back(importer->format());
  return formats;
}

}  // namespace tars
