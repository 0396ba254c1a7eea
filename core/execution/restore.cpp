#include "core/execution/restore.h"

#include <map>
#include <mutex>
#include <set>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/hash.h"
#include "core/base/parallel.h"
#include "core/base/quote.h"
#include "core/base/sync_set.h"
#include "core/execution/kept_originals.h"
#include "core/model/improvement.h"

namespace tars {

// An operation's files, each resolved once into a handle that every later step uses:
// the path it touched and, for a rename, the new path.
struct OpFiles {
  std::optional<PathHandle> path;
  std::optional<PathHandle> new_path;
};

namespace {

bool special(unsigned mode) {
  return mode == kSymlinkMode || mode == kDirectoryMode;
}

// A symlink or directory the op made or replaced is handled as the entry itself, never
// followed.
bool as_entry(const FileOpRecord& op) {
  return special(op.before_mode) || special(op.after_mode);
}

struct Entry {
  std::string hash;
  unsigned mode = 0;
};

// What a file holds now: nullopt when missing, else its hash and mode. Anything but a
// regular file is refused (an error), never read or replaced, unless the op made or
// replaced a symlink or a directory: a symlink is read with readlinkat.
std::optional<Entry> current_entry(const PathHandle& file, const FileOpRecord& op) {
  if (as_entry(op)) {
    auto info = file.stat();
    if (info && S_ISLNK(info->st_mode))
      return Entry{content_hash(file.dir().read_link(file.name()).value_or("")), kSymlinkMode};
    if (info && S_ISDIR(info->st_mode)) return Entry{content_hash(""), kDirectoryMode};
  }
  auto content = file.read();
  if (!content) return std::nullopt;
  auto info = file.stat();
  return Entry{content_hash(*content), info ? info->st_mode & 07777 : 0u};
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
FileState file_state(const OpFiles& files, const FileOpRecord& op) {
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
  std::string parent = parent_of(file.relative());
  std::string dir = "backups/" + op.context_id + (parent.empty() ? "" : "/" + parent);
  DirHandle backups = workspace.ensure_state_dir().make_dir(dir);
  std::string name = file.name();
  for (int n = 1; backups.stat(name); ++n) name = file.name() + "." + std::to_string(n);
  backups.write_new(name, *content, file.stat() ? file.stat()->st_mode & 0777 : 0644);
  std::string where = std::string(StateDir::kName) + "/" + dir + "/" + name;
  store.log(op.context_id, "warning",
            "kept your version of " + quote_path(file.relative()) + " as " + quote_path(where));
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

// A create may have made directories; they go once empty (best effort: a directory
// that is not empty, or not ours, stays).
void remove_created_directories(const Workspace& workspace, const OpFiles& files,
                                const FileOpRecord& op, SyncSet* sync) {
  const PathHandle* file = created(files, op);
  if (!file) return;
  std::string parent = parent_of(file->relative());
  if (parent.empty()) return;
  try {
    workspace.remove_empty_dirs(parent);
    if (sync) sync->add_with_parents(workspace.root_dir(), parent);
  } catch (const Error&) {
  }
}

std::string failure(const FileOpRecord& op, const std::exception& e) {
  return quote_path(op.path) + " could not be restored: " + e.what();
}

// Where an original waits to be renamed into place: a kept original, or a temp file
// written from the journal beside its target.
struct Staged {
  std::optional<DirHandle> dir;
  std::string name;
  bool temp = false;
};

class KeptByContext {
 public:
  explicit KeptByContext(const Workspace& workspace) : workspace_(workspace) {}
  const KeptOriginals& of(const std::string& context_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = kept_.find(context_id);
    if (it == kept_.end())
      it = kept_.emplace(context_id, KeptOriginals(workspace_, context_id)).first;
    return it->second;
  }

 private:
  const Workspace& workspace_;
  std::mutex mutex_;
  std::map<std::string, KeptOriginals> kept_;
};

Staged stage(StateStore& store, KeptByContext& kept, const FileOpRecord& op, OpFiles& files,
             const Workspace& workspace, SyncSet& sync) {
  PathHandle& target = *files.path;
  if (!target.has_dir()) {
    target.make_dir();  // recreates a parent directory removed since
    std::string parent = parent_of(target.relative());
    if (!parent.empty()) sync.add_with_parents(workspace.root_dir(), parent);
  }
  const KeptOriginals& originals = kept.of(op.context_id);
  if (originals.holds(op.id, op.before_hash)) return {originals.dir(), std::to_string(op.id)};
  auto original = store.get_blob(op.before_hash);
  if (!original) throw Error(ErrorKind::RollbackFailed, "the journal has no original bytes");
  if (op.before_mode == kDirectoryMode) return {};  // made again in place by run()
  Staged staged{
      target.dir(),
      op.before_mode == kSymlinkMode
          ? target.dir().symlink_temp(target.name(), *original)
          : target.dir().write_temp(target.name(), *original,
                                    op.before_mode ? op.before_mode : 0644, sync.per_file()),
      true};
  durability_point("restore staged for", op.path);
  return staged;
}

}  // namespace

RestoreBatch::RestoreBatch(const Workspace& workspace, StateStore& store,
                           std::vector<FileOpRecord> ops, RestorePolicy policy)
    : workspace_(workspace), store_(store), ops_(std::move(ops)), policy_(policy) {
  files_.resize(ops_.size());
  results_.resize(ops_.size());
  parallel_for(ops_.size(), default_thread_count(), [&](std::size_t i) { classify(i); });
}

RestoreBatch::~RestoreBatch() = default;

void RestoreBatch::classify(std::size_t i) {
  const FileOpRecord& op = ops_[i];
  RestoreResult& result = results_[i];
  FileState state;
  try {
    auto open = [&](const std::string& path) {
      return as_entry(op) ? workspace_.open_entry(path) : workspace_.open(path);
    };
    files_[i].path = open(op.path);
    if (op.kind == ChangeKind::Rename) files_[i].new_path = open(op.new_path);
    state = file_state(files_[i], op);
  } catch (const std::exception& e) {
    result = {RestoreOutcome::Failed, failure(op, e), ""};
    return;
  }
  if (state == FileState::Original) return;
  if (state == FileState::Changed && policy_ == RestorePolicy::Careful) {
    result.outcome = RestoreOutcome::Conflict;
    result.message = quote_path(op.path) +
                     " changed since the execution wrote it; use --force to restore it anyway "
                     "(your version is kept in .tars/backups/)";
    return;
  }
  result.outcome = RestoreOutcome::Restored;
  if (state == FileState::Changed) result.backup = "pending";  // saved by run()
}

void RestoreBatch::run() {
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < ops_.size(); ++i) {
    RestoreResult& result = results_[i];
    if (result.outcome == RestoreOutcome::Original) {
      if (files_[i].path) {
        KeptOriginals(workspace_, ops_[i].context_id).forget(ops_[i].id);
        remove_created_directories(workspace_, files_[i], ops_[i], nullptr);
      }
      continue;
    }
    if (result.outcome != RestoreOutcome::Restored) continue;
    if (!result.backup.empty()) {
      try {
        result.backup = save_backup(workspace_, store_, ops_[i], *files_[i].path);
        if (ops_[i].kind == ChangeKind::Rename) {
          std::string second = save_backup(workspace_, store_, ops_[i], *files_[i].new_path);
          if (result.backup.empty()) result.backup = second;
        }
      } catch (const std::exception& e) {
        result = {RestoreOutcome::Failed, failure(ops_[i], e), ""};
        continue;
      }
    }
    chosen.push_back(i);
  }
  if (chosen.empty()) return;

  KeptByContext kept(workspace_);
  SyncSet sync(chosen.size());
  std::vector<Staged> staged(chosen.size());
  parallel_for(chosen.size(), default_thread_count(), [&](std::size_t k) {
    std::size_t i = chosen[k];
    if (!puts_back(ops_[i])) return;
    try {
      staged[k] = stage(store_, kept, ops_[i], files_[i], workspace_, sync);
    } catch (const std::exception& e) {
      results_[i] = {RestoreOutcome::Failed, failure(ops_[i], e), ""};
    }
  });
  sync.sync_contents(workspace_.root_dir());

  // 1. Originals back in place; the paths they occupy are never removed afterwards.
  std::set<std::string> put_back;
  std::vector<std::size_t> held;  // ops whose replaced file is held (hold_replaced)
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    std::size_t i = chosen[k];
    if (results_[i].outcome != RestoreOutcome::Restored || !puts_back(ops_[i])) continue;
    const PathHandle& target = *files_[i].path;
    try {
      if (ops_[i].before_mode == kDirectoryMode) {
        target.dir().make_dir(target.name());
      } else {
        if (!staged[k].temp && kept.of(ops_[i].context_id).hold_replaced(ops_[i].id, target)) {
          held.push_back(i);
          durability_point("replaced file held for", ops_[i].path);
        }
        staged[k].dir->rename(staged[k].name, target.dir(), target.name());
      }
      sync.add(target.dir());
      put_back.insert(target.relative());
      durability_point("restored", ops_[i].path);
    } catch (const std::exception& e) {
      if (staged[k].temp) staged[k].dir->remove(staged[k].name);
      results_[i] = {RestoreOutcome::Failed, failure(ops_[i], e), ""};
    }
  }
  parallel_for(held.size(), kRemovalThreads, [&](std::size_t j) {
    const FileOpRecord& op = ops_[held[j]];
    try {
      kept.of(op.context_id).release_replaced(op.id);
    } catch (const Error&) {  // left to the removal of the context's kept files
    }
  });
  // 2. Files the execution created.
  for (std::size_t i : chosen) {
    if (results_[i].outcome != RestoreOutcome::Restored) continue;
    const PathHandle* made = created(files_[i], ops_[i]);
    if (!made || !made->has_dir() || put_back.count(made->relative())) continue;
    try {
      if (ops_[i].after_mode == kDirectoryMode)
        made->dir().remove_dir(made->name());
      else
        made->dir().remove(made->name());
      sync.add(made->dir());
      durability_point("removed created", made->relative());
    } catch (const std::exception& e) {
      results_[i] = {RestoreOutcome::Failed, failure(ops_[i], e), ""};
    }
  }
  // 3. Directories they needed, now empty.
  for (std::size_t i : chosen) remove_created_directories(workspace_, files_[i], ops_[i], &sync);
  sync.sync(workspace_.root_dir());
}

std::vector<RestoreResult> restore_file_ops(const Workspace& workspace, StateStore& store,
                                            const std::vector<FileOpRecord>& ops,
                                            RestorePolicy policy) {
  RestoreBatch batch(workspace, store, ops, policy);
  batch.run();
  return batch.results();
}

}  // namespace tars
