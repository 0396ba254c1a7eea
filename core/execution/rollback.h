#pragma once
// Rollback: restores the files an execution wrote from the journal. A file is restored
// only if it still holds what the execution wrote; otherwise it is a conflict, unless
// forced, in which case the person's version is first saved under .tars/backups/.
// Rolling back is recorded in the store and idempotent.
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/store/state_store.h"

namespace tars {

enum class RollbackScopeKind { All, Transaction, File };

struct RollbackScope {
  RollbackScopeKind kind = RollbackScopeKind::All;
  std::string value;  // transaction id or workspace-relative path
};

enum class RestorePolicy {
  Careful,  // refuse files changed since the execution wrote them
  Force,    // save the person's version as a backup, then restore
};

struct RollbackReport {
  std::vector<std::string> restored;                 // paths put back
  std::vector<std::string> already_original;         // nothing to do
  std::vector<std::string> conflicts;                // one message per refused file
  std::vector<std::string> saved_backups;            // where forced rollbacks kept a version
  ContextStatus status = ContextStatus::RolledBack;  // the context's status afterwards
};

// Restores the applied (or conflicting) file operations of `context_id` within scope,
// records the outcome and sets the context status (`final_status` when everything is
// rolled back, partially_rolled_back otherwise). Throws Error(NotFound) for an unknown
// transaction or a file the context did not change.
RollbackReport roll_back(const Workspace& workspace, StateStore& store,
                         const std::string& context_id, const RollbackScope& scope,
                         RestorePolicy policy, ContextStatus final_status);

// Restores operations whatever their recorded state; used by roll_back and by
// recovery. Files are restored in a batch: temp files with the original bytes, one
// syncfs, renames (and removals of created files), one syncfs — so a crash or power
// loss at any point leaves each file either as written or original, never torn.
struct RestoreResult {
  bool restored = false;  // bytes were put back
  bool conflict = false;  // refused (Careful policy)
  std::string message;    // conflict reason
  std::string backup;     // where the person's version went (Force)
};
std::vector<RestoreResult> restore_file_ops(const Workspace& workspace, StateStore& store,
                                            const std::vector<FileOpRecord>& ops,
                                            RestorePolicy policy);

}  // namespace tars
