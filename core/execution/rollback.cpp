#include "core/execution/rollback.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/parallel.h"
#include "core/execution/kept_originals.h"

namespace tars {

namespace {

// What a path holds now: nullopt when missing, else its hash.
std::optional<std::string> current_hash(const fs::path& file) {
  auto content = read_file_if_exists(file);
  if (!content) return std::nullopt;
  return content_hash(*content);
}

bool holds(const std::optional<std::string>& now, const std::string& expected) {
  return expected.empty() ? !now.has_value() : now == expected;
}

enum class FileState { Original, AsWritten, Changed };

// Reads each side once: `path` should hold before_hash (absent for a create) and, for a
// rename, `new_path` should be absent; as written, the result holds after_hash.
FileState classify(const Workspace& workspace, const FileOpRecord& op) {
  std::optional<std::string> at_path = current_hash(workspace.resolve(op.path));
  if (op.kind != ChangeKind::Rename) {
    if (holds(at_path, op.before_hash)) return FileState::Original;
    return holds(at_path, op.after_hash) ? FileState::AsWritten : FileState::Changed;
  }
  std::optional<std::string> at_new_path = current_hash(workspace.resolve(op.new_path));
  if (holds(at_path, op.before_hash) && !at_new_path) return FileState::Original;
  if (!at_path && holds(at_new_path, op.after_hash)) return FileState::AsWritten;
  return FileState::Changed;
}

// Keeps a person's version of `relative` before it is overwritten.
std::string save_backup(const Workspace& workspace, StateStore& store, const FileOpRecord& op,
                        const std::string& relative) {
  auto content = read_file_if_exists(workspace.resolve(relative));
  if (!content) return "";
  store.put_blob(content_hash(*content), *content);
  fs::path base = workspace.tars_dir() / "backups" / op.context_id / relative;
  fs::path target = base;
  for (int n = 1; fs::exists(target); ++n) target = base.string() + "." + std::to_string(n);
  fs::create_directories(target.parent_path());
  write_file_atomic(target, *content, file_mode(workspace.resolve(relative)));
  std::string where = workspace.relative(target);
  store.log(op.context_id, "warning", "kept your version of " + relative + " as " + where);
  return where;
}

// The path that gets its original bytes back, if any, and the path to remove, if any.
bool puts_back(const FileOpRecord& op) {
  return op.kind != ChangeKind::Create;
}

const std::string* removes(const FileOpRecord& op) {
  if (op.kind == ChangeKind::Create) return &op.path;
  if (op.kind == ChangeKind::Rename) return &op.new_path;
  return nullptr;
}

// A create interrupted before its rename may have left the directories it made.
void remove_created_directories(const Workspace& workspace, const FileOpRecord& op) {
  if (const std::string* created = removes(op))
    remove_empty_parents(workspace.resolve(*created).parent_path(), workspace.root());
}

// The files that take the original bytes back, staged on all threads: the kept original
// when it still holds them, else a temp file written from the journal.
std::vector<fs::path> stage_originals(const Workspace& workspace, StateStore& store,
                                      const std::vector<const FileOpRecord*>& ops) {
  std::vector<fs::path> temps(ops.size());
  parallel_for(ops.size(), default_thread_count(), [&](std::size_t i) {
    const FileOpRecord& op = *ops[i];
    if (!puts_back(op)) return;
    KeptOriginals kept(workspace, op.context_id);
    if (kept.holds(op.id, op.before_hash)) {
      fs::create_directories(workspace.resolve(op.path).parent_path());
      temps[i] = kept.path_of(op.id);
      return;
    }
    auto original = store.get_blob(op.before_hash);
    if (!original)
      throw Error(ErrorKind::RollbackFailed,
                  "Rollback failed: the journal has no original bytes for " + op.path);
    temps[i] =
        write_temp(workspace.resolve(op.path), *original, op.before_mode ? op.before_mode : 0644);
    durability_point("restore staged for", op.path);
  });
  return temps;
}

void put_back_batch(const Workspace& workspace, StateStore& store,
                    const std::vector<const FileOpRecord*>& ops) {
  if (ops.empty()) return;
  std::vector<fs::path> temps = stage_originals(workspace, store, ops);
  sync_filesystem(workspace.root());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const FileOpRecord& op = *ops[i];
    if (puts_back(op)) replace_with(temps[i], workspace.resolve(op.path));
    if (const std::string* created = removes(op))
      std::filesystem::remove(workspace.resolve(*created));
    remove_created_directories(workspace, op);
    durability_point("restored", op.path);
  }
  sync_filesystem(workspace.root());
}

}  // namespace

std::vector<RestoreResult> restore_file_ops(const Workspace& workspace, StateStore& store,
                                            const std::vector<FileOpRecord>& ops,
                                            RestorePolicy policy) {
  std::vector<RestoreResult> results(ops.size());
  std::vector<FileState> states(ops.size());
  parallel_for(ops.size(), default_thread_count(),
               [&](std::size_t i) { states[i] = classify(workspace, ops[i]); });
  std::vector<const FileOpRecord*> to_restore;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const FileOpRecord& op = ops[i];
    FileState state = states[i];
    if (state == FileState::Original) {
      KeptOriginals(workspace, op.context_id).forget(op.id);
      remove_created_directories(workspace, op);
      continue;
    }
    if (state == FileState::Changed) {
      if (policy == RestorePolicy::Careful) {
        results[i].conflict = true;
        results[i].message =
            op.path +
            " changed since the execution wrote it; use --force to restore it anyway "
            "(your version is kept in .tars/backups/)";
        continue;
      }
      results[i].backup = save_backup(workspace, store, op, op.path);
      if (op.kind == ChangeKind::Rename) {
        std::string second = save_backup(workspace, store, op, op.new_path);
        if (results[i].backup.empty()) results[i].backup = second;
      }
    }
    results[i].restored = true;
    to_restore.push_back(&op);
  }
  put_back_batch(workspace, store, to_restore);
  return results;
}

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
         op.state == FileOpState::Intent;
}

void update_transactions(StateStore& store, const std::string& context_id,
                         const std::vector<FileOpRecord>& ops) {
  std::map<std::string, std::pair<int, int>> counts;  // transaction -> (rolled back, total)
  for (const FileOpRecord& op : ops) {
    auto& [undone, total] = counts[op.transaction_id];
    ++total;
    if (op.state == FileOpState::RolledBack) ++undone;
  }
  for (const auto& transaction : store.transactions(context_id)) {
    auto [undone, total] = counts[transaction.id];
    if (undone == 0) continue;
    store.set_transaction_status(transaction.id, undone == total
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

}  // namespace

RollbackReport roll_back(const Workspace& workspace, StateStore& store,
                         const std::string& context_id, const RollbackScope& scope,
                         RestorePolicy policy, ContextStatus final_status) {
  std::vector<FileOpRecord> ops = store.file_ops(context_id);
  std::vector<FileOpRecord> selected = selected_ops(workspace, ops, context_id, scope);
  std::vector<RestoreResult> results = restore_file_ops(workspace, store, selected, policy);

  RollbackReport report;
  std::map<std::int64_t, FileOpState> new_state;
  store.in_transaction([&] {
    for (std::size_t i = 0; i < selected.size(); ++i) {
      const FileOpRecord& op = selected[i];
      const RestoreResult& result = results[i];
      if (result.conflict) {
        report.conflicts.push_back(result.message);
        store.log(context_id, "error", "rollback refused: " + result.message);
        new_state[op.id] = FileOpState::Conflict;
        continue;
      }
      (result.restored ? report.restored : report.already_original).push_back(op.path);
      if (!result.backup.empty()) report.saved_backups.push_back(result.backup);
      new_state[op.id] = FileOpState::RolledBack;
    }
    std::vector<std::int64_t> rolled_back, conflicted;
    for (FileOpRecord& op : ops) {
      auto it = new_state.find(op.id);
      if (it == new_state.end()) continue;
      op.state = it->second;
      (op.state == FileOpState::RolledBack ? rolled_back : conflicted).push_back(op.id);
    }
    store.set_file_op_states(rolled_back, FileOpState::RolledBack);
    store.set_file_op_states(conflicted, FileOpState::Conflict);
    update_transactions(store, context_id, ops);

    bool all_undone = std::all_of(ops.begin(), ops.end(), [](const FileOpRecord& op) {
      return op.state == FileOpState::RolledBack || op.state == FileOpState::Simulated;
    });
    report.status = all_undone ? final_status : ContextStatus::PartiallyRolledBack;
    std::string summary = std::to_string(report.restored.size()) + " file(s) restored, " +
                          std::to_string(report.conflicts.size()) + " conflict(s)";
    store.log(context_id, "info", "rollback: " + summary);
    store.set_context_status(context_id, report.status, "rollback: " + summary);
  });
  if (report.status != ContextStatus::PartiallyRolledBack)
    KeptOriginals(workspace, context_id).discard();
  return report;
}

}  // namespace tars
