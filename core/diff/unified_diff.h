#pragma once
// Unified diffs (line-based, through dtl) in the format `git apply` accepts.
#include <string>
#include <string_view>

namespace tars {

struct DiffSide {
  std::string path;  // workspace-relative
  std::string content;
  bool exists = true;    // false: /dev/null (file created or deleted)
  unsigned mode = 0644;  // permission bits, or kSymlinkMode / kDirectoryMode
};

// How a binary file's change is written: as `git diff` shows it ("Binary files a/x and
// b/x differ"), or as `git diff --binary` writes it, which `git apply` can apply.
enum class BinaryDiff { Summary, Data };

// A git-style file diff ("diff --git a/x b/x", mode/rename headers, "---"/"+++", hunks
// with `context` lines, "\ No newline at end of file"). CR bytes stay part of a line.
// Returns "" when nothing differs. A differing path makes it a rename.
// A symlink's content is its target; a change between a file and a symlink is a delete and
// a create, as git writes it. A directory (a submodule's) has no diff.
std::string unified_diff(const DiffSide& before, const DiffSide& after, int context = 3,
                         BinaryDiff binary = BinaryDiff::Summary);

// As git decides: a NUL byte in the first 8000 bytes.
bool is_binary(std::string_view content);

}  // namespace tars
