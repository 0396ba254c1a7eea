#pragma once
// Unified diffs (line-based, through dtl) in the format `git apply` accepts.
#include <string>
#include <string_view>

namespace tars {

struct DiffSide {
  std::string path;  // workspace-relative
  std::string content;
  bool exists = true;  // false: /dev/null (file created or deleted)
  unsigned mode = 0644;
};

// A git-style file diff ("diff --git a/x b/x", mode/rename headers, "---"/"+++", hunks
// with `context` lines, "\ No newline at end of file"). CR bytes stay part of a line.
// Returns "" when nothing differs. A differing path makes it a rename.
std::string unified_diff(const DiffSide& before, const DiffSide& after, int context = 3);

}  // namespace tars
