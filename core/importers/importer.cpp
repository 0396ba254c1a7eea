#include "core/importers/importer.h"

#include <array>

#include "core/importers/clang_tidy_importer.h"
#include "core/importers/lsp_edit_importer.h"
#include "core/importers/patch_importer.h"
#include "core/importers/sarif_importer.h"

namespace tars {

namespace {

// Every format, in the order content sniffing tries them (the strict sniffs of the
// structured formats before the patch's). A new format is one line.
const std::array<const Importer*, 4>& importers() {
  static const ClangTidyImporter clang_tidy;
  static const SarifImporter sarif;
  static const LspEditImporter lsp;
  static const PatchImporter patch;
  static const std::array<const Importer*, 4> all = {&clang_tidy, &sarif, &lsp, &patch};
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
