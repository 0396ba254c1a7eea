#pragma once
// How diffs write file names: git's C-style quoting, and the timestamps of `diff -N`.
#include <optional>
#include <string>
#include <string_view>

namespace tars {

// "a/caf\303\251.txt" (with its quotes) -> the bytes it names; nullopt for a bad escape.
std::optional<std::string> unquote_c(std::string_view quoted);

// Whether a "---"/"+++" line's timestamp (after a tab) is the epoch, in any time zone:
// how `diff -N` marks a side that does not exist, as GNU patch reads it.
bool is_epoch_stamp(std::string_view line);

}  // namespace tars
