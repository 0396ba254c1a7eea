#include "core/engine.h"

#include <signal.h>

#include <cerrno>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/join.h"
#include "core/base/parallel.h"
#include "core/base/workspace_lock.h"
#include "core/execution/combined_improvements.h"
#include "core/execution/kept_originals.h"
#include "core/execution/recovery.h"
#include "core/store/improvement_catalog.h"

namespace tars {

namespace {

constexpr const char* kStateDb = "state.db";

// Whether every process recorded as running or rolling back a context is gone. Then the
// lock's holder is none of them but, for a moment, a child a killed execution forked
// for a syntax check: it holds the lock's descriptor until its exec closes it.
bool runners_gone(StateStore& store) {
  std::vector<int> pids;
  for (const ContextRecord& context : store.contexts_with_status(ContextStatus::Running))
    pids.push_back(context.pid);
  for (const ContextRecord& context : store.contexts_with_status(ContextStatus::RollingBack)) {
    auto undo = store.undo_of(context.id);
    pids.push_back(undo ? undo->pid : context.pid);
  }
  for (int pid : pids)
    if (pid <= 0 || ::kill(pid, 0) == 0 || errno != ESRCH) return false;
  return !pids.empty();
}

}  // namespace

Engine::Engine(const Workspace& workspace) : workspace_(workspace), improvements_(workspace_) {
  open_store(false);
  recovered_ = recover_interrupted();
}

void Engine::open_store(bool create) {
  std::optional<StateDir> state = create ? workspace_.ensure_state_dir() : workspace_.state();
  if (state && (create || state->dir().stat(kStateDb))) {
    state->check_entries();  // SQLite, for one, opens its files by name
    store_ = std::make_unique<StateStore>(workspace_.state_db());
    store_on_disk_ = true;
  } else if (!store_) {
    store_ = StateStore::empty();
  }
}

StateStore& Engine::store() {
  if (!store_on_disk_) open_store(false);
  return *store_;
}

StateStore& Engine::writable_store() {
  if (!store_on_disk_) open_store(true);
  return *store_;
}

std::vector<std::string> Engine::recover_interrupted() {
  if (!needs_recovery(workspace_, store())) return {};
  // A running context whose process still holds the lock is not interrupted.
  auto lock = WorkspaceLock::try_acquire(workspace_, "crash recovery");
  if (!lock && runners_gone(store())) {
    try {
      lock.emplace(WorkspaceLock::acquire(workspace_, "crash recovery", std::chrono::seconds(2)));
    } catch (const Error&) {
      // held on: another command's, started since
    }
  }
  if (!lock) return {};
  return tars::recover_interrupted(workspace_, store());
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;

ImprovementListing Engine::list_improvements() {
  ImprovementListing listing = list_summaries(improvements_, store());
  std::map<std::string, std::string> statuses = store().improvement_statuses();
  for (Improvement& improvement : listing.improvements) {
    auto it = statuses.find(improvement.id);
    if (it != statuses.end()) improvement.status = it->second;
  }
  return listing;
}

Improvement Engine::improvement(const std::string& id) {
  Improvement loaded = improvements_.load(id);
  if (auto status = store().improvement_status(id)) loaded.status = *status;
  return loaded;
}

void Engine::set_improvement_status(const std::string& id, std::string_view status) {
  store().set_improvement_status(id, status);
}

ImportSummary Engine::import(const ImportRequest& request, const std::string& format) {
  const Importer* importer = format.empty() ? guess_importer(request.input) : find_importer(format);
  if (!importer) {
    std::string known = join(importer_formats());
    throw Error(ErrorKind::BadInput,
                format.empty() ? request.origin +
                                     ": cannot tell its format; name it with --from (" + known + ")"
                               : "Unknown import format '" + format + "' (known: " + known + ")");
  }
  if (request.series_as_one && importer->format() != "patch")
    throw Error(ErrorKind::Usage, "--series-as-one applies to patch series, not to " +
                                      std::string(importer->format()) + " input");
  ImportResult result = importer->import(request, workspace_);
  StateStore& bases = writable_store();
  // Independent writes, side by side. Should the bases fail after the improvement files
  // are written, an improvement without its base is stale once its files change, as
  // one written by hand is.
  parallel_for(2, 2, [&](std::size_t i) {
    if (i == 0)
      bases.put_bases(result.base_contents);
    else
      improvements_.save_all(result.improvements);
  });
  store().in_transaction([&] {  // a re-import starts over
    for (const Improvement& improvement : result.improvements)
      set_improvement_status(improvement.id, improvement.status);
  });
  return {std::move(result.improvements), std::move(result.warnings)};
}

GenerateSummary Engine::generate(const GenerateRequest& request) {
  return generate_improvements(workspace_, writable_store(), request);
}

ExecutionResult Engine::execute(const std::string& improvement_id, const ExecuteOptions& options) {
  return execute(std::vector<std::string>{improvement_id}, options);
}

ExecutionResult Engine::execute(const std::vector<std::string>& improvement_ids,
                                const ExecuteOptions& options) {
  std::vector<Improvement> improvements;
  std::set<std::string> seen;
  for (const std::string& id : improvement_ids) {
    if (!seen.insert(id).second)
      throw Error(ErrorKind::Usage, "Improvement " + id + " is given more than once");
    improvements.push_back(improvements_.load(id));
  }
  if (improvements.empty()) throw Error(ErrorKind::Usage, "No improvement to execute");
  std::string names = join(improvement_ids);
  writable_store();
  WorkspaceLock lock =
      WorkspaceLock::acquire(workspace_, "execution of " + names, options.lock_wait);
  ExecuteOptions with_holder = options;
  with_holder.on_started = [&](const std::string& context_id) {
    lock.set_holder("context " + context_id + " (" + names + ")");
    if (options.on_started) options.on_started(context_id);
  };
  return execute_improvements(workspace_, store(), improvements, with_holder);
}

ContextRecord Engine::context(const std::string& context_id) {
  return load_context(store(), context_id);
}

std::vector<ContextRecord> Engine::contexts() {
  return store().list_contexts();
}

ContextDetail Engine::detail(const std::string& context_id) {
  return load_context_detail(store(), context_id);
}

std::vector<FileReview> Engine::review(const std::string& context_id) {
  return review_context(workspace_, store(), context_id);
}

RollbackReport Engine::undo(const std::string& context_id, const RollbackScope& scope, bool force,
                            ContextStatus final_status) {
  ContextRecord context = load_context(store(), context_id);
  // A finished execution may still hold the lock for a moment (final logs, output
  // files) after its status is final; a rollback right after it waits that out.
  WorkspaceLock lock =
      WorkspaceLock::acquire(workspace_, "rollback of " + context_id, std::chrono::seconds(10));
  context = load_context(store(), context_id);  // as it is now that the lock is ours
  if (context.status == ContextStatus::Running)
    throw Error(ErrorKind::Busy, "Workspace busy: context " + context_id + " is still running");
  return roll_back(workspace_, store(), context_id, scope,
                   force ? RestorePolicy::Force : RestorePolicy::Careful, final_status);
}

RollbackReport Engine::rollback(const std::string& context_id, const RollbackScope& scope,
                                bool force) {
  ContextRecord context = load_context(store(), context_id);
  if (context.mode == "dry-run") {
    RollbackReport nothing;
    nothing.status = context.status;
    return nothing;  // a dry run changed no file
  }
  return undo(context_id, scope, force, ContextStatus::RolledBack);
}

void Engine::approve(const std::string& context_id) {
  load_context(store(), context_id);  // NotFound before waiting for the lock
  WorkspaceLock lock =
      WorkspaceLock::acquire(workspace_, "approval of " + context_id, std::chrono::seconds(10));
  ContextRecord context = load_context(store(), context_id);
  switch (context.status) {
    case ContextStatus::AwaitingReview:
    case ContextStatus::Failed:
    case ContextStatus::PartiallyRolledBack:
    case ContextStatus::Approved:
      break;
    default:
      throw Error(ErrorKind::Usage, "Cannot approve context " + context_id + ": its status is " +
                                        std::string(to_string(context.status)));
  }
  // One commit; the kept originals are discarded after it (or by the next start).
  store().in_transaction([&] {
    store().set_context_status(context_id, ContextStatus::Approved, "changes approved");
    store().log(context_id, "info", "changes approved");
  });
  durability_point("approval committed");
  KeptOriginals(workspace_, context_id).discard();
}

RollbackReport Engine::reject(const std::string& context_id,
                              const std::optional<std::string>& file) {
  ContextRecord context = load_context(store(), context_id);
  if (context.mode == "dry-run") {
    store().set_context_status(context_id, ContextStatus::Rejected, "dry run rejected");
    RollbackReport nothing;
    nothing.status = ContextStatus::Rejected;
    return nothing;
  }
  RollbackScope scope;
  if (file) scope = {RollbackScopeKind::File, *file};
  RollbackReport report = undo(context_id, scope, false, ContextStatus::Rejected);
  store().log(context_id, "info", file ? "rejected changes to " + *file : "changes rejected");
  return report;
}

}  // namespace tars
