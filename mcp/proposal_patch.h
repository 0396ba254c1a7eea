#pragma once
// propose_change's edits and whole-file contents as one patch: each file's unified diff
// (core/diff) against what the workspace holds now, which the patch importer turns into
// the improvement, as it does any patch.
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "mcp/tool_arguments.h"

namespace tars::mcp {

// Edits of one file apply in order, each to the text the earlier ones left. Throws
// Error(BadInput) naming the edit, the file and why: a missing file, an oldText found
// nowhere or more than once, or nothing changed.
std::string patch_from_edits(const Workspace& workspace, const std::vector<TextReplacement>& edits);

// A file with content is created or replaced; without, deleted. Throws Error(BadInput)
// for a file named twice, a deletion of a missing file, or nothing changed.
std::string patch_from_files(const Workspace& workspace, const std::vector<FileContent>& files);

}  // namespace tars::mcp
