#include "core/execution/recovery.h"

#include <algorithm>
#include <map>

#include "core/base/error.h"
#include "core/execution/kept_originals.h"
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

void recover_context(const Workspace& workspace, StateStore& store, const ContextRecord& context) {
  std::string why = "interrupted execution (process " + std::to_string(context.pid) +
                    " stopped while it was running) rolled back at the next start";
  std::vector<FileOpRecord> all = store.file_ops(context.id);
  remove_leftover_temps(workspace, all);
  std::vector<FileOpRecord> ops;
  for (const FileOpRecord& op : all)
    if (op.state != FileOpState::RolledBack && op.state != FileOpState::Simulated)
      ops.push_back(op);
  std::reverse(ops.begin(), ops.end());
  std::vector<RestoreResult> results =
      restore_file_ops(workspace, store, ops, RestorePolicy::Force);
  long restored = std::count_if(results.begin(), results.end(), [](auto& r) { return r.restored; });
  store.in_transaction([&] {
    std::vector<std::int64_t> ids;
    for (const FileOpRecord& op : ops) ids.push_back(op.id);
    store.set_file_op_states(ids, FileOpState::RolledBack);
    for (const auto& transaction : store.transactions(context.id))
      store.set_transaction_status(transaction.id, TransactionStatus::RolledBack);
    store.log(context.id, "warning", why + " (" + std::to_string(restored) + " file(s) restored)");
    store.set_context_status(context.id, ContextStatus::RolledBack, why);
  });
  KeptOriginals(workspace, context.id).discard();
  if (auto state = workspace.state())
    if (auto staging = state->find_dir("staging")) staging->remove_tree(context.id);
}

}  // namespace

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
  return recovered;
}

}  // namespace tars
