#pragma once
// Crash recovery: a context still marked running while nobody holds the workspace
// lock was interrupted (crash, kill, power loss). Every file it may have touched is put
// back from the journal — a version that is neither the original nor what the
// execution wrote is first saved under .tars/backups/ — and the context becomes
// rolled_back with a log line saying why. Run by every front end at start.
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/store/state_store.h"

namespace tars {

// The caller holds the workspace lock. Returns the ids of the recovered contexts.
std::vector<std::string> recover_interrupted(const Workspace& workspace, StateStore& store);

}  // namespace tars
