#pragma once
// LSP WorkspaceEdit JSON (`--from lsp`), as one improvement: `changes` or
// `documentChanges` (TextDocumentEdit, CreateFile, RenameFile, DeleteFile with their
// options), also wrapped as workspace/applyEdit params ({"label", "edit"}). Positions are
// zero-based; characters count UTF-16 code units unless "positionEncoding" names
// "utf-8" or "utf-32".
#include "core/importers/importer.h"

namespace tars {

class LspEditImporter : public Importer {
 public:
  std::string_view format() const override { return "lsp"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

}  // namespace tars
