#pragma once
// Crash recovery: a context still marked running while nobody holds the workspace
// lock was interrupted (crash, kill, power loss). Every file it may have touched is put
// back from the journal — a version that is neither the original nor what the
// execution wrote is first saved under .tars/backups/ — and the context becomes
// rolled_back with a log line saying why. A context left rolling_back (a rollback or
// reject was interrupted) has its rollback finished. Run by every front end at start.
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/store/state_store.h"

namespace tars {

// Whether anything is left to recover: an interrupted execution or rollback, or kept
// originals an interrupted approval or rollback did not discard. Reads only.
bool needs_recovery(const Workspace& workspace, StateStore& store);

// The caller holds the workspace lock. Returns the ids of the recovered contexts (an
// interrupted execution is rolled back; an interrupted rollback or reject is finished).
std::vector<std::string> recover_interrupted(const Workspace& workspace, StateStore& store);

}  // namespace tars
