#pragma once
// clang-tidy `--export-fixes` YAML (`--from clang-tidy`): the `Diagnostics:` form (fixes
// of the main message, else of the first note that has some) and the older top-level
// `Replacements:` form; several YAML documents may be concatenated. Offsets are bytes,
// paths are relative to the diagnostic's BuildDirectory. One improvement per check by
// default; `--group-by check|file|diagnostic|all`.
#include "core/importers/importer.h"

namespace tars {

class ClangTidyImporter : public Importer {
 public:
  std::string_view format() const override { return "clang-tidy"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

}  // namespace tars
