#include "core/execution/recovery.h"

#include <algorithm>

#include "core/base/file_io.h"
#include "core/execution/kept_originals.h"
#include "core/execution/rollback.h"

namespace tars {

namespace {

void remove_leftover_temps(const Workspace& workspace, const FileOpRecord& op) {
  for (const std::string& path : {op.path, op.new_path}) {
    if (path.empty()) continue;
    std::error_code ignored;
    fs::remove(temp_path_for(workspace.resolve(path)), ignored);
  }
}

void recover_context(const Workspace& workspace, StateStore& store, const ContextRecord& context) {
  std::string why = "interrupted execution (process " + std::to_string(context.pid) +
                    " stopped while it was running) rolled back at the next start";
  std::vector<FileOpRecord> ops;
  for (const FileOpRecord& op : store.file_ops(context.id)) {
    remove_leftover_temps(workspace, op);
    if (op.state != FileOpState::RolledBack && op.state != FileOpState::Simulated)
      ops.push_back(op);
  }
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
  std::error_code ignored;
  fs::remove_all(workspace.tars_dir() / "staging" / context.id, ignored);
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
