#include "core/execution/recovery.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "core/base/error.h"
#include "core/execution/kept_originals.h"
#include "core/execution/restore.h"
#include "core/execution/rollback.h"

namespace tars {

namespace {

// Temp files are named unpredictably, so they are found by listing the directory of
// each file the context touched (once per directory).
void remove_leftover_temps(const Workspace& workspace, const std::vector<FileOpRecord>& ops) {
  std::map<std::string, std::vector<std::string>> names_in;  // directory -> file names
  std::map<std::string, PathHandle> handles;
  for (const FileOpRecord& op : ops)
    for (const std::string& path : {op.path, op.new_path}) {
      if (path.empty()) continue;
      try {
        PathHandle file = workspace.open(path);
        if (!file.has_dir()) continue;
        std::string dir = file.dir().path().string();
        names_in[dir].push_back(file.name());
        handles.emplace(dir, file);
      } catch (const Error&) {
        // a path that cannot be opened safely holds no temp file of ours
      }
    }
  for (const auto& [dir, names] : names_in) {
    const DirHandle& handle = handles.at(dir).dir();
    for (const std::string& entry : handle.entries()) {
      if (!entry.ends_with(".tars-tmp")) continue;
      for (const std::string& name : names)
        if (DirHandle::is_temp_for(entry, name)) handle.remove(entry);
    }
  }
}

// Journaled as a rollback of every operation, then finished as one: a crash during
// recovery is recovered the same way at the start after.
void recover_context(const Workspace& workspace, StateStore& store, const ContextRecord& context) {
  std::string why = "interrupted execution (process " + std::to_string(context.pid) +
                    " stopped while it was running) rolled back at the next start";
  std::vector<FileOpRecord> all = store.file_ops(context.id);
  remove_leftover_temps(workspace, all);
  store.in_transaction([&] {
    for (const FileOpRecord& op : all)
      if (op.state != FileOpState::RolledBack && op.state != FileOpState::Simulated)
        store.set_file_op_outcome(op.id, FileOpState::RollingBack, "");
    store.begin_undo({context.id, ContextStatus::RolledBack, static_cast<int>(::getpid())});
    store.log(context.id, "warning", why);
    store.set_context_status(context.id, ContextStatus::RollingBack, why);
  });
  finish_interrupted_rollback(workspace, store, context.id, why);
  if (auto state = workspace.state())
    if (auto staging = state->find_dir("staging")) staging->remove_tree(context.id);
}

void finish_rollback(const Workspace& workspace, StateStore& store, const ContextRecord& context) {
  std::vector<FileOpRecord> ops;
  for (const FileOpRecord& op : store.file_ops(context.id))
    if (op.state == FileOpState::RollingBack) ops.push_back(op);
  remove_leftover_temps(workspace, ops);
  auto undo = store.undo_of(context.id);
  finish_interrupted_rollback(workspace, store, context.id,
                              "interrupted rollback (process " +
                                  std::to_string(undo ? undo->pid : context.pid) +
                                  " stopped while it was rolling back) finished at the next start");
}

// The contexts whose kept originals nobody needs any more: an approval or a rollback
// interrupted while it discarded them.
std::vector<std::string> unneeded_originals(const Workspace& workspace, StateStore& store) {
  std::vector<std::string> ids;
  auto state = workspace.state();
  auto originals = state ? state->find_dir("originals") : std::nullopt;
  if (!originals) return ids;
  for (const std::string& id : originals->entries()) {
    auto context = store.get_context(id);
    if (!context) continue;  // not one of ours: left alone
    switch (context->status) {
      case ContextStatus::Approved:
      case ContextStatus::RolledBack:
      case ContextStatus::Rejected:
      case ContextStatus::Cancelled:
        ids.push_back(id);
        break;
      default:
        break;
    }
  }
  return ids;
}

}  // namespace

bool needs_recovery(const Workspace& workspace, StateStore& store) {
  return !store.contexts_with_status(ContextStatus::Running).empty() ||
         !store.contexts_with_status(ContextStatus::RollingBack).empty() ||
         !unneeded_originals(workspace, store).empty();
}

std::vector<std::string> recover_interrupted(const Workspace& workspace, StateStore& store) {
  std::vector<std::string> recovered;
  for (const ContextRecord& context : store.contexts_with_status(ContextStatus::Running)) {
    if (context.mode == "dry-run") {
      store.set_context_status(context.id, ContextStatus::Cancelled, "dry run interrupted");
      continue;
    }
    recover_context(workspace, store, context);
    recovered.push_back(context.id);
  }
  for (const ContextRecord& context : store.contexts_with_status(ContextStatus::RollingBack)) {
    finish_rollback(workspace, store, context);
    recovered.push_back(context.id);
  }
  for (const std::string& id : unneeded_originals(workspace, store))
    KeptOriginals(workspace, id).discard();
  return recovered;
}

}  // namespace tars
