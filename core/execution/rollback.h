#pragma once
// Rollback: restores the files an execution wrote from the journal. A file is restored
// only if it still holds what the execution wrote; otherwise it is a conflict, unless
// forced, in which case the person's version is first saved under .tars/backups/.
// Rolling back follows the execution's durability protocol: what it is about to do is
// committed to the store first (the context becomes rolling_back, each file operation
// rolling_back, conflict or failed), then the files are restored (core/execution/
// restore.h), then the outcome is committed. A rollback interrupted in between is
// finished by the next start (recovery.h). Idempotent.
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/execution/restore.h"
#include "core/store/state_store.h"

namespace tars {

enum class RollbackScopeKind { All, Transaction, File };

struct RollbackScope {
  RollbackScopeKind kind = RollbackScopeKind::All;
  std::string value;  // transaction id or workspace-relative path
};

struct RollbackReport {
  std::vector<std::string> restored;                 // paths put back
  std::vector<std::string> already_original;         // nothing to do
  std::vector<std::string> conflicts;                // one message per file not rolled back
  std::vector<std::string> saved_backups;            // where forced rollbacks kept a version
  ContextStatus status = ContextStatus::RolledBack;  // the context's status afterwards
};

// Restores the applied (or conflicting, or failed) file operations of `context_id`
// within scope, records the outcome and sets the context status (`final_status` when
// everything is rolled back, partially_rolled_back otherwise, with each file's reason).
// Throws Error(NotFound) for an unknown transaction or a file the context did not change.
RollbackReport roll_back(const Workspace& workspace, StateStore& store,
                         const std::string& context_id, const RollbackScope& scope,
                         RestorePolicy policy, ContextStatus final_status);

// Finishes a rollback a crash interrupted (the context is rolling_back): restores the
// operations still marked rolling_back, keeping a changed file's version as a backup.
// `why` becomes part of the context's message.
RollbackReport finish_interrupted_rollback(const Workspace& workspace, StateStore& store,
                                           const std::string& context_id, const std::string& why);

}  // namespace tars
