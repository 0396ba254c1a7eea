#pragma once
// Restoring journaled file operations: the part of rollback, reject and crash recovery
// that touches files. A batch first reads every file once (nothing is changed), so the
// caller can journal what it is about to do; run() then restores: temp files with the
// original bytes (or kept originals), made durable (SyncSet: each fsynced, or one
// syncfs for many), every original renamed into place, then the files the execution
// created removed, then the directories it made that are now empty, then every
// directory changed fsynced (or one syncfs). Nothing a later step needs is removed by an earlier
// one, and a crash or power loss at any point leaves each file either as written or original. One
// file's failure is recorded with its reason and does not stop the others.
#include <optional>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/store/state_store.h"

namespace tars {

enum class RestorePolicy {
  Careful,  // refuse files changed since the execution wrote them
  Force,    // save the person's version as a backup, then restore
};

enum class RestoreOutcome {
  Original,  // nothing to do: the file already holds its original
  Restored,  // to be put back (before run), put back (after)
  Conflict,  // refused (Careful policy): changed since the execution wrote it
  Failed,    // could not be opened, read or restored
};

struct RestoreResult {
  RestoreOutcome outcome = RestoreOutcome::Original;
  std::string message;  // the reason, for a conflict or a failure
  std::string backup;   // where the person's version went (Force)
};

struct OpFiles;

class RestoreBatch {
 public:
  // Opens and reads every operation's files; decides each outcome.
  RestoreBatch(const Workspace& workspace, StateStore& store, std::vector<FileOpRecord> ops,
               RestorePolicy policy);
  ~RestoreBatch();
  RestoreBatch(const RestoreBatch&) = delete;
  RestoreBatch& operator=(const RestoreBatch&) = delete;

  const std::vector<FileOpRecord>& ops() const { return ops_; }
  const std::vector<RestoreResult>& results() const { return results_; }
  // Restores the operations whose outcome is Restored; a failure turns it to Failed.
  void run();

 private:
  void classify(std::size_t i);

  const Workspace& workspace_;
  StateStore& store_;
  std::vector<FileOpRecord> ops_;
  RestorePolicy policy_;
  std::vector<OpFiles> files_;
  std::vector<RestoreResult> results_;
};

// A batch made and run at once (crash recovery).
std::vector<RestoreResult> restore_file_ops(const Workspace& workspace, StateStore& store,
                                            const std::vector<FileOpRecord>& ops,
                                            RestorePolicy policy);

}  // namespace tars
