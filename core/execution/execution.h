#pragma once
// execution/: applies, journals and undoes — plan, DAG runner, execution, kept originals,
// rollback, recovery, review and reports.
//
// Runs one improvement as an execution context, following the durability protocol:
//   prepare  read every file, detect staleness (rebasing edits when only text outside
//            them changed), compute the new contents; nothing is recorded yet
//   journal  one durable SQLite commit of the intent: every file operation with its
//            before/after hash and the original bytes
//   write    per file (in parallel): temp file beside it, rename over it
//   sync     the files and directories fsynced (syncfs past 16 files; SyncSet), then
//            the operations are marked applied (a commit the result's makes durable)
//   validate syntax checks (before the write with --validate) and configured commands
//   result   one durable commit of the outcome
// Any failure after the journal rolls the written files back (auto-rollback, cancel,
// I/O errors) or leaves them with status failed (validation failure without
// auto-rollback). A crash anywhere is undone by recovery at the next start.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/improvement.h"
#include "core/store/state_store.h"

namespace tars {

struct ExecuteOptions {
  bool dry_run = false;
  bool validate = false;
  bool auto_rollback = false;
  std::string output_dir;  // report.json, changes.patch, validation/*.log
  unsigned threads = 0;    // 0: one per core
  // How long to wait for the workspace lock before failing as busy. An execution that
  // has just finished still holds it for a moment after its status became final.
  std::chrono::milliseconds lock_wait{0};
  const std::atomic<bool>* cancel = nullptr;
  // Called (from worker threads) whenever progress is recorded.
  std::function<void(const ContextRecord&)> on_progress;
  // Called once the context exists, before any file is touched.
  std::function<void(const std::string& context_id)> on_started;
};

struct ExecutionResult {
  ContextRecord context;
  bool validation_failed = false;     // a syntax check or command failed
  std::string error;                  // why it did not succeed ("" on success)
  std::vector<std::string> warnings;  // e.g. output files that could not be written
};

// Throws Error(PlanInvalid) / Error(Stale) / Error(ValidationFailed) before a context
// exists when the improvement cannot be planned, is stale, or its commands are not
// trusted. Throws Error(Io) when state.db cannot record the outcome (locked by another
// process past the busy timeout, disk full): the files written are rolled back first,
// and the next start records it. The caller holds the workspace lock for real runs.
ExecutionResult execute_improvement(const Workspace& workspace, StateStore& store,
                                    const Improvement& improvement, const ExecuteOptions& options);

// Runs `combined` (combined_improvements.h) as the execution of the improvements `ids`:
// the context names them all, and each one's status is set as execute_improvement sets
// it.
ExecutionResult execute_combined(const Workspace& workspace, StateStore& store,
                                 const Improvement& combined, std::vector<std::string> ids,
                                 const ExecuteOptions& options);

}  // namespace tars
