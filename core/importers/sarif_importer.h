#pragma once
// SARIF 2.1.0 (`--from sarif`): the first fix of every result, its
// artifactChanges[].replacements[] located by line/column (in the run's columnKind,
// UTF-16 code units by default), charOffset/charLength or byteOffset/byteLength; URIs
// resolved through originalUriBaseIds. One improvement per result by default;
// `--group-by check|file|diagnostic|all` (check = ruleId).
#include "core/importers/importer.h"

namespace tars {

class SarifImporter : public Importer {
 public:
  std::string_view format() const override { return "sarif"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

}  // namespace tars
