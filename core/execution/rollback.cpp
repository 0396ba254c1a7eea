#include "core/execution/rollback.h"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/execution/kept_originals.h"
#include "core/model/improvement_store.h"

namespace tars {

namespace {

bool in_scope(const FileOpRecord& op, const RollbackScope& scope) {
  switch (scope.kind) {
    case RollbackScopeKind::All:
      return true;
    case RollbackScopeKind::Transaction:
      return op.transaction_id == scope.value;
    case RollbackScopeKind::File:
      return op.path == scope.value || op.new_path == scope.value;
  }
  return false;
}

bool needs_rollback(const FileOpRecord& op) {
  return op.state == FileOpState::Applied || op.state == FileOpState::Conflict ||
         op.state == FileOpState::Intent || op.state == FileOpState::Failed ||
         op.state == FileOpState::RollingBack;
}

bool undone(const FileOpRecord& op) {
  return op.state == FileOpState::RolledBack || op.state == FileOpState::Simulated;
}

// The improvements of a context that executed several: each is pending again once every
// file it changed is rolled back (its transaction, or the whole context).
class BatchedImprovements {
 public:
  BatchedImprovements(const Workspace& workspace, StateStore& store,
                      const std::string& context_id) {
    auto context = store.get_context(context_id);
    if (!context || context->improvement_ids.size() < 2) return;
    ImprovementStore improvements(workspace);
    for (const std::string& id : context->improvement_ids) {
      std::set<std::string>& paths = paths_[id];
      try {
        for (const FileChange& change : improvements.load(id).changes) paths.insert(change.path);
      } catch (const Error&) {
        paths_.erase(id);  // removed or corrupt since: its status stays as it is
      }
    }
  }

  std::vector<std::string> undone(const std::vector<FileOpRecord>& ops) const {
    std::vector<std::string> ids;
    for (const auto& entry : paths_) {  // no structured binding: Clang 14 cannot capture one
      const std::set<std::string>& paths = entry.second;
      if (std::all_of(ops.begin(), ops.end(), [&](const FileOpRecord& op) {
            return !paths.count(op.path) || tars::undone(op);
          }))
        ids.push_back(entry.first);
    }
    return ids;
  }

 private:
  std::map<std::string, std::set<std::string>> paths_;
};

void update_transactions(StateStore& store, const std::string& context_id,
                         const std::vector<FileOpRecord>& ops) {
  std::map<std::string, std::pair<int, int>> counts;  // transaction -> (rolled back, total)
  for (const FileOpRecord& op : ops) {
    auto& [rolled_back, total] = counts[op.transaction_id];
    ++total;
    if (op.state == FileOpState::RolledBack) ++rolled_back;
  }
  for (const auto& transaction : store.transactions(context_id)) {
    auto [rolled_back, total] = counts[transaction.id];
    if (rolled_back == 0) continue;
    store.set_transaction_status(transaction.id, rolled_back == total
                                                     ? TransactionStatus::RolledBack
                                                     : TransactionStatus::PartiallyRolledBack);
  }
}

std::vector<FileOpRecord> selected_ops(const Workspace& workspace,
                                       const std::vector<FileOpRecord>& ops,
                                       const std::string& context_id, RollbackScope scope) {
  if (scope.kind == RollbackScopeKind::File)
    scope.value = workspace.relative(workspace.resolve(scope.value));
  bool matched = std::any_of(ops.begin(), ops.end(), [&](auto& op) { return in_scope(op, scope); });
  if (!matched && scope.kind == RollbackScopeKind::Transaction)
    throw Error(ErrorKind::NotFound,
                "Transaction not found: " + scope.value + " in context " + context_id);
  if (!matched && scope.kind == RollbackScopeKind::File)
    throw Error(ErrorKind::NotFound,
                "File not changed by context " + context_id + ": " + scope.value);
  std::vector<FileOpRecord> selected;
  // Undo in reverse order of application, so a later change is undone first.
  for (auto it = ops.rbegin(); it != ops.rend(); ++it)
    if (in_scope(*it, scope) && needs_rollback(*it)) selected.push_back(*it);
  return selected;
}

// The state an operation is left in by an outcome.
FileOpState state_after(RestoreOutcome outcome) {
  switch (outcome) {
    case RestoreOutcome::Conflict:
      return FileOpState::Conflict;
    case RestoreOutcome::Failed:
      return FileOpState::Failed;
    default:
      return FileOpState::RolledBack;
  }
}

// Write-ahead: before any file is touched, the files to restore are marked
// rolling_back, the refused ones conflict or failed with their reason, and the context
// rolling_back with its undo record.
void journal_undo(StateStore& store, const std::string& context_id, const RestoreBatch& batch,
                  ContextStatus final_status) {
  store.in_transaction([&] {
    int to_restore = 0;
    for (std::size_t i = 0; i < batch.ops().size(); ++i) {
      const RestoreResult& result = batch.results()[i];
      bool restoring = result.outcome == RestoreOutcome::Restored;
      to_restore += restoring;
      store.set_file_op_outcome(batch.ops()[i].id,
                                restoring ? FileOpState::RollingBack : state_after(result.outcome),
                                result.message);
    }
    store.begin_undo({context_id, final_status, static_cast<int>(::getpid())});
    store.set_context_status(context_id, ContextStatus::RollingBack,
                             "rolling back " + std::to_string(to_restore) + " file(s)");
  });
  durability_point("rollback journal committed");
}

// Commits the outcome of every operation of the batch and the context's status.
RollbackReport finish_undo(const Workspace& workspace, StateStore& store,
                           const std::string& context_id, const RestoreBatch& batch,
                           ContextStatus final_status, const std::string& note) {
  RollbackReport report;
  BatchedImprovements improvements(workspace, store, context_id);
  store.in_transaction([&] {
    for (std::size_t i = 0; i < batch.ops().size(); ++i) {
      const FileOpRecord& op = batch.ops()[i];
      const RestoreResult& result = batch.results()[i];
      store.set_file_op_outcome(op.id, state_after(result.outcome), result.message);
      switch (result.outcome) {
        case RestoreOutcome::Conflict:
        case RestoreOutcome::Failed:
          report.conflicts.push_back(result.message);
          store.log(context_id, "error", "rollback refused: " + result.message);
          break;
        case RestoreOutcome::Restored:
          report.restored.push_back(op.path);
          if (!result.backup.empty()) report.saved_backups.push_back(result.backup);
          break;
        case RestoreOutcome::Original:
          report.already_original.push_back(op.path);
          break;
      }
    }
    std::vector<FileOpRecord> ops = store.file_ops(context_id);
    update_transactions(store, context_id, ops);
    bool all_undone = std::all_of(ops.begin(), ops.end(), undone);
    report.status = all_undone ? final_status : ContextStatus::PartiallyRolledBack;
    std::string summary = std::to_string(report.restored.size()) + " file(s) restored, " +
                          std::to_string(report.conflicts.size()) + " not restored";
    if (!report.conflicts.empty()) summary += " (" + report.conflicts.front() + ")";
    store.log(context_id, "info", "rollback: " + summary + note);
    store.set_context_status(context_id, report.status, "rollback: " + summary + note);
    store.end_undo(context_id);
    if (report.status == ContextStatus::RolledBack || report.status == ContextStatus::Rejected)
      if (auto context = store.get_context(context_id))
        store.set_improvement_status(context->improvement_id, improvement_status::kPending);
    for (const std::string& id : improvements.undone(ops))
      store.set_improvement_status(id, improvement_status::kPending);
  });
  durability_point("rollback committed");
  if (report.status != ContextStatus::PartiallyRolledBack)
    KeptOriginals(workspace, context_id).discard();
  return report;
}

}  // namespace

RollbackReport roll_back(const Workspace& workspace, StateStore& store,
                         const std::string& context_id, const RollbackScope& scope,
                         RestorePolicy policy, ContextStatus final_status) {
  std::vector<FileOpRecord> ops = store.file_ops(context_id);
  RestoreBatch batch(workspace, store, selected_ops(workspace, ops, context_id, scope), policy);
  journal_undo(store, context_id, batch, final_status);
  batch.run();
  return finish_undo(workspace, store, context_id, batch, final_status, "");
}

RollbackReport finish_interrupted_rollback(const Workspace& workspace, StateStore& store,
                                           const std::string& context_id, const std::string& why) {
  ContextStatus final_status = ContextStatus::RolledBack;
  if (auto undo = store.undo_of(context_id)) final_status = undo->final_status;
  std::vector<FileOpRecord> ops;
  for (const FileOpRecord& op : store.file_ops(context_id))
    if (op.state == FileOpState::RollingBack) ops.push_back(op);
  std::reverse(ops.begin(), ops.end());
  RestoreBatch batch(workspace, store, ops, RestorePolicy::Force);
  batch.run();
  return finish_undo(workspace, store, context_id, batch, final_status, "; " + why);
}

}  // namespace tars
