#pragma once
// Unified diffs and git patches (`--from patch`): one improvement per patch file,
// edits located in the current files the way `git apply` does (at the stated line,
// else the nearest place where the old lines match), context lines left out of the
// edits so improvements touching nearby lines do not overlap.
#include "core/importers/importer.h"

namespace tars {

class PatchImporter : public Importer {
 public:
  std::string_view format() const override { return "patch"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

}  // namespace tars
