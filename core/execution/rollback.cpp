#include "core/execution/rollback.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/hash.h"
#include "core/base/parallel.h"
#include "core/base/quote.h"
#include "core/execution/kept_originals.h"
#include "core/model/improvement.h"

namespace tars {

namespace {

// An operation's files, each resolved once into a handle that every later step of the
// rollback uses: the path it touched and, for a rename, the new path.
struct OpFiles {
  std::optional<PathHandle> path;
  std::optional<PathHandle> new_path;
};

bool special(unsigned mode) {
  return mode == kSymlinkMode || mode == kDirectoryMode;
}

// A symlink the op made or replaced is handled as the entry itself, never followed.
OpFiles open_files(const Workspace& workspace, const FileOpRecord& op) {
  bool entry = special(op.before_mode) || special(op.after_mode);
  auto open = [&](const std::string& path) {
    return entry ? workspace.open_entry(path) : workspace.open(path);
  };
  try {
    OpFiles files{open(op.path), std::nullopt};
    if (op.kind == ChangeKind::Rename) files.new_path = open(op.new_path);
    return files;
  } catch (const Error& e) {
    throw Error(ErrorKind::RollbackFailed, std::string("Rollback failed: ") + e.what());
  }
}

struct Entry {
  std::string hash;
  unsigned mode = 0;
};

// What a file holds now: nullopt when missing, else its hash and mode. Anything but a
// regular file is refused (Rollback failed), never read or replaced, unless the op made
// or replaced a symlink or a directory: a symlink is read with readlinkat.
std::optional<Entry> current_entry(const PathHandle& file, const FileOpRecord& op) {
  try {
    if (special(op.before_mode) || special(op.after_mode)) {
      auto info = file.stat();
      if (info && S_ISLNK(info->st_mode))
        return Entry{content_hash(file.dir().read_link(file.name()).value_or("")), kSymlinkMode};
      if (info && S_ISDIR(info->st_mode)) return Entry{content_hash(""), kDirectoryMode};
    }
    auto content = file.read();
    if (!content) return std::nullopt;
    auto info = file.stat();
    return Entry{content_hash(*content), info ? info->st_mode & 07777 : 0u};
  } catch (const Error& e) {
    throw Error(ErrorKind::RollbackFailed, std::string("Rollback failed: ") + e.what());
  }
}

// As git compares modes: by the owner's executable bit. A mode of 0 was not recorded.
bool holds(const std::optional<Entry>& now, const std::string& hash, unsigned mode) {
  if (hash.empty()) return !now.has_value();
  if (!now || now->hash != hash) return false;
  auto kind = [](unsigned m) { return special(m) ? m : m & 0100; };
  return mode == 0 || kind(now->mode) == kind(mode);
}

enum class FileState { Original, AsWritten, Changed };

// Reads each side once: `path` should hold before_hash (absent for a create) and, for a
// rename, `new_path` should be absent; as written, the result holds after_hash.
FileState classify(const OpFiles& files, const FileOpRecord& op) {
  std::optional<Entry> at_path = current_entry(*files.path, op);
  if (op.kind != ChangeKind::Rename) {
    if (holds(at_path, op.before_hash, op.before_mode)) return FileState::Original;
    return holds(at_path, op.after_hash, op.after_mode) ? FileState::AsWritten : FileState::Changed;
  }
  std::optional<Entry> at_new_path = current_entry(*files.new_path, op);
  if (holds(at_path, op.before_hash, op.before_mode) && !at_new_path) return FileState::Original;
  if (!at_path && holds(at_new_path, op.after_hash, op.after_mode)) return FileState::AsWritten;
  return FileState::Changed;
}

// Keeps a person's version of `file` under .tars/backups/<context>/, created exclusively.
std::string save_backup(const Workspace& workspace, StateStore& store, const FileOpRecord& op,
                        const PathHandle& file) {
  auto content = file.read();
  if (!content) return "";
  store.put_blob(content_hash(*content), *content);
  const std::string& relative = file.relative();
  std::size_t slash = relative.rfind('/');
  std::string dir = "backups/" + op.context_id +
                    (slash == std::string::npos ? "" : "/" + relative.substr(0, slash));
  DirHandle backups = workspace.ensure_state_dir().make_dir(dir);
  std::string name = file.name();
  for (int n = 1; backups.stat(name); ++n) name = file.name() + "." + std::to_string(n);
  backups.write_new(name, *content, file.stat() ? file.stat()->st_mode & 0777 : 0644);
  std::string where = std::string(StateDir::kName) + "/" + dir + "/" + name;
  store.log(op.context_id, "warning",
            "kept your version of " + quote_path(relative) + " as " + quote_path(where));
  return where;
}

bool puts_back(const FileOpRecord& op) {
  return op.kind != ChangeKind::Create;
}

// The file an operation created, which rollback removes: a create's path, a rename's
// new path.
const PathHandle* created(const OpFiles& files, const FileOpRecord& op) {
  if (op.kind == ChangeKind::Create) return &*files.path;
  if (op.kind == ChangeKind::Rename) return &*files.new_path;
  return nullptr;
}

// A create interrupted before its rename may have left the directories it made.
void remove_created_directories(const Workspace& workspace, const OpFiles& files,
                                const FileOpRecord& op) {
  if (const PathHandle* file = created(files, op)) {
    const std::string& relative = file->relative();
    std::size_t slash = relative.rfind('/');
    if (slash != std::string::npos) workspace.remove_empty_dirs(relative.substr(0, slash));
  }
}

// Where an original waits to be renamed into place: a kept original, or a temp file
// written from the journal beside its target.
struct Staged {
  std::optional<DirHandle> dir;
  std::string name;
};

class Restorer {
 public:
  Restorer(const Workspace& workspace, StateStore& store) : workspace_(workspace), store_(store) {}

  // Stages the originals on all threads, then renames them into place in one pass
  // between two syncfs calls.
  void put_back(const std::vector<const FileOpRecord*>& ops, std::vector<OpFiles*>& files) {
    if (ops.empty()) return;
    std::vector<Staged> staged(ops.size());
    parallel_for(ops.size(), default_thread_count(),
                 [&](std::size_t i) { staged[i] = stage(*ops[i], *files[i]); });
    workspace_.root_dir().sync_filesystem();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const FileOpRecord& op = *ops[i];
      const PathHandle& target = *files[i]->path;
      if (const PathHandle* made = created(*files[i], op))
        if (made->has_dir()) {
          if (op.after_mode == kDirectoryMode)
            made->dir().remove_dir(made->name());
          else
            made->dir().remove(made->name());
        }
      if (puts_back(op) && op.before_mode == kDirectoryMode)
        target.dir().make_dir(target.name());
      else if (puts_back(op))
        staged[i].dir->rename(staged[i].name, target.dir(), target.name());
      durability_point("restored", op.path);
    }
    // Only once every file is back: a directory emptied by undoing one create may be
    // where another file returns.
    for (std::size_t i = 0; i < ops.size(); ++i)
      remove_created_directories(workspace_, *files[i], *ops[i]);
    workspace_.root_dir().sync_filesystem();
  }

 private:
  Staged stage(const FileOpRecord& op, OpFiles& files) {
    if (!puts_back(op)) return {};
    PathHandle& target = *files.path;
    target.make_dir();
    const KeptOriginals& kept = kept_of(op.context_id);
    if (kept.holds(op.id, op.before_hash)) return {kept.dir(), std::to_string(op.id)};
    auto original = store_.get_blob(op.before_hash);
    if (!original)
      throw Error(ErrorKind::RollbackFailed,
                  "Rollback failed: the journal has no original bytes for " + quote_path(op.path));
    if (op.before_mode == kDirectoryMode) return {};
    Staged staged{target.dir(),
                  op.before_mode == kSymlinkMode
                      ? target.dir().symlink_temp(target.name(), *original)
                      : target.dir().write_temp(target.name(), *original,
                                                op.before_mode ? op.before_mode : 0644)};
    durability_point("restore staged for", op.path);
    return staged;
  }

  const KeptOriginals& kept_of(const std::string& context_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = kept_.find(context_id);
    if (it == kept_.end())
      it = kept_.emplace(context_id, KeptOriginals(workspace_, context_id)).first;
    return it->second;
  }

  const Workspace& workspace_;
  StateStore& store_;
  std::mutex mutex_;
  std::map<std::string, KeptOriginals> kept_;
};

}  // namespace

std::vector<RestoreResult> restore_file_ops(const Workspace& workspace, StateStore& store,
                                            const std::vector<FileOpRecord>& ops,
                                            RestorePolicy policy) {
  std::vector<RestoreResult> results(ops.size());
  std::vector<OpFiles> files(ops.size());
  std::vector<FileState> states(ops.size());
  parallel_for(ops.size(), default_thread_count(), [&](std::size_t i) {
    files[i] = open_files(workspace, ops[i]);
    states[i] = classify(files[i], ops[i]);
  });
  std::vector<const FileOpRecord*> to_restore;
  std::vector<OpFiles*> restore_files;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const FileOpRecord& op = ops[i];
    FileState state = states[i];
    if (state == FileState::Original) {
      KeptOriginals(workspace, op.context_id).forget(op.id);
      remove_created_directories(workspace, files[i], op);
      continue;
    }
    if (state == FileState::Changed) {
      if (policy == RestorePolicy::Careful) {
        results[i].conflict = true;
        results[i].message =
            quote_path(op.path) +
            " changed since the execution wrote it; use --force to restore it anyway "
            "(your version is kept in .tars/backups/)";
        continue;
      }
      results[i].backup = save_backup(workspace, store, op, *files[i].path);
      if (op.kind == ChangeKind::Rename) {
        std::string second = save_backup(workspace, store, op, *files[i].new_path);
        if (results[i].backup.empty()) results[i].backup = second;
      }
    }
    results[i].restored = true;
    to_restore.push_back(&op);
    restore_files.push_back(&files[i]);
  }
  Restorer(workspace, store).put_back(to_restore, restore_files);
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
