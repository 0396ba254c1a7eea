#pragma once
// The import formats, one .cpp each (importer.cpp lists them in the order content
// sniffing tries them).
#include "core/importers/importer.h"

namespace tars {

// clang-tidy `--export-fixes` YAML (`--from clang-tidy`): the `Diagnostics:` form (fixes
// of the main message, else of the first note that has some) and the older top-level
// `Replacements:` form; several YAML documents may be concatenated. Offsets are bytes,
// paths are relative to the diagnostic's BuildDirectory. One improvement per check by
// default; `--group-by check|file|diagnostic|all`.
const Importer& clang_tidy_importer();

// SARIF 2.1.0 (`--from sarif`): the first fix of every result, its
// artifactChanges[].replacements[] located by line/column (in the run's columnKind,
// UTF-16 code units by default), charOffset/charLength or byteOffset/byteLength; URIs
// resolved through originalUriBaseIds. One improvement per result by default;
// `--group-by check|file|diagnostic|all` (check = ruleId).
const Importer& sarif_importer();

// LSP WorkspaceEdit JSON (`--from lsp`), as one improvement: `changes` or
// `documentChanges` (TextDocumentEdit, CreateFile, RenameFile, DeleteFile with their
// options), also wrapped as workspace/applyEdit params ({"label", "edit"}). Positions are
// zero-based; characters count UTF-16 code units unless "positionEncoding" names
// "utf-8" or "utf-32".
const Importer& lsp_edit_importer();

// Unified diffs and git patches (`--from patch`): one improvement per patch file,
// edits located in the current files the way `git apply` does (at the stated line,
// else the nearest place where the old lines match), context lines left out of the
// edits so improvements touching nearby lines do not overlap.
const Importer& patch_importer();

}  // namespace tars
