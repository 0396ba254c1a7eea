#pragma once
// The files built-in rules look at. In a git repository: what
// `git ls-files -co --exclude-standard` lists (tracked files, and untracked ones no
// ignore rule excludes). Elsewhere (or without git): every file under the root minus
// what the .gitignore files on the way exclude. Never .git/ or .tars/; regular files
// only (symlinks are not followed). Workspace-relative, '/'-separated, sorted.
#include <string>
#include <string_view>
#include <vector>

#include "core/base/workspace.h"

namespace tars {

std::vector<std::string> list_workspace_files(const Workspace& workspace);

// Binary as git sees it: a NUL byte in the first 8 KiB; also any invalid UTF-8.
bool is_binary_content(std::string_view content);

}  // namespace tars
