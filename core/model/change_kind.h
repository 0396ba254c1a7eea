#pragma once
// The one vocabulary of change: what an improvement does to a file, what a plan step
// writes and what the journal records.
#include <optional>
#include <string_view>

namespace tars {

enum class ChangeKind { Edit, Create, Delete, Rename };

// The improvement file's word: "edit", "create", "delete", "rename".
std::string_view to_string(ChangeKind kind);
// The word of plan steps, the journal and reports, which name what happens to the
// file: "modify" for an edit, else as to_string.
std::string_view operation_name(ChangeKind kind);
// The inverses; nullopt for an unknown word.
std::optional<ChangeKind> change_kind_from_string(std::string_view text);
std::optional<ChangeKind> change_kind_from_operation(std::string_view text);

}  // namespace tars
