#pragma once
// The diff an improvement makes to the workspace's files as they are now: what executing
// it writes (edits moved onto a file that changed elsewhere since, as the execution moves
// them), as a git-style unified diff (core/diff), the form `execute review` shows.
#include <string>

#include "core/base/workspace.h"
#include "core/model/improvement.h"
#include "core/store/state_store.h"

namespace tars::mcp {

// Throws Error(Stale) when a file is gone, or changed where the improvement edits it.
std::string preview_diff(const Workspace& workspace, StateStore& store,
                         const Improvement& improvement);

}  // namespace tars::mcp
