#pragma once
// model/: what an improvement is — its changes (one ChangeKind), statuses, diagnostics,
// and the improvement file's JSON reader and writer.
//
// The improvement model: what an improvement changes, held as byte offsets against the
// content it was computed from (base_hash), so staleness is detected, never guessed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/change_kind.h"
#include "core/model/diagnostic.h"
#include "core/model/status.h"

namespace tars {

// Replaces old_text, found at byte `offset` of the base content, with new_text.
// An insertion has an empty old_text.
struct TextEdit {
  std::size_t offset = 0;
  std::string old_text;
  std::string new_text;
};

// FileChange::mode of a symlink (its content is the link's target) and of an empty
// directory (a submodule as a work tree without it holds it; content ""). Every other
// mode is permission bits.
inline constexpr unsigned kSymlinkMode = 0120000;
inline constexpr unsigned kDirectoryMode = 0040000;

struct FileChange {
  ChangeKind kind = ChangeKind::Edit;
  std::string path;             // workspace-relative, '/'-separated
  std::string new_path;         // Rename only
  std::string base_hash;        // content_hash of the base; empty for Create
  std::vector<TextEdit> edits;  // Edit, and Rename with edits; sorted, non-overlapping
  std::string content;          // Create only: the whole new file
  // Create: permission bits (default 0644), or kSymlinkMode / kDirectoryMode. Edit and
  // Rename: what the file becomes when that changes (0644 <-> 0755, file <-> symlink).
  std::optional<unsigned> mode;
  std::string group;  // changes with the same group share a transaction
};

struct Improvement {
  std::string id;
  std::string title;
  std::string description;
  std::string author;  // who wrote the change ("Name <mail>", a patch's From:); may be empty
  std::string category = "general";
  // manual | patch | clang-tidy | sarif | lsp | generator:<name> | rule:<name>
  std::string source = "manual";
  int priority = 0;
  std::string status{improvement_status::kPending};
  std::string created_at;  // ISO 8601 UTC
  std::vector<FileChange> changes;
  std::vector<Diagnostic> diagnostics;  // what the improvement fixes
};

// JSON (de)serialisation of the on-disk format in .tars/improvements/<id>.json.
std::string improvement_to_json(const Improvement& improvement);
// Throws Error(BadInput) naming `origin` (the file) and what is wrong.
Improvement improvement_from_json(std::string_view text, const std::string& origin);

// Applies sorted, non-overlapping edits. Throws Error(BadInput) when an edit's old_text
// is not at its offset or edits overlap.
std::string apply_edits(std::string_view content, const std::vector<TextEdit>& edits);

}  // namespace tars
