#include "core/execution/execution.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/hash.h"
#include "core/base/ids.h"
#include "core/base/join.h"
#include "core/base/parallel.h"
#include "core/base/sync_set.h"
#include "core/execution/dag_runner.h"
#include "core/execution/file_work.h"
#include "core/execution/kept_originals.h"
#include "core/execution/output_files.h"
#include "core/execution/plan.h"
#include "core/execution/restore.h"
#include "core/execution/rollback.h"
#include "core/execution/syntax_checks.h"
#include "core/validation/syntax_check.h"
#include "core/validation/validation_runner.h"
#include "core/validation/workspace_config.h"

namespace tars {

namespace {

class Execution {
 public:
  Execution(const Workspace& workspace, StateStore& store, const Improvement& improvement,
            std::vector<std::string> ids, const ExecuteOptions& options)
      : workspace_(workspace),
        store_(store),
        improvement_(improvement),
        ids_(std::move(ids)),
        options_(options) {}

  ExecutionResult run() {
    load_config();
    PlanOptions plan_options{options_.dry_run, options_.validate, command_names(),
                             checked_languages()};
    plan_ = build_plan(improvement_, plan_options);
    validate_plan(plan_, improvement_, workspace_);
    prepare();
    sync_.emplace(works_.size());
    create_context();
    syntax_.emplace(workspace_, config_, works_, options_.validate || options_.dry_run,
                    [this] { return scratch(); });
    if (options_.on_started) options_.on_started(context_.id);
    DagResult result = run_dag(dependency_indices(plan_),
                               {[this](std::size_t i) { run_step(i); },
                                [this](std::size_t i, NodeState s) { on_state(i, s); }},
                               threads(), options_.cancel);
    return finish(result);
  }

 private:
  // No more workers than files: a one-file execution starts no thread.
  unsigned threads() const {
    unsigned wanted = options_.threads ? options_.threads : default_thread_count();
    return static_cast<unsigned>(std::clamp<std::size_t>(works_.size(), 1, wanted));
  }

  void load_config() {
    config_ = load_workspace_config(workspace_);
    if (options_.validate) require_trusted(workspace_, config_);
    trusted_ = is_trusted(workspace_, config_);
    if (!trusted_) config_.syntax_checkers.clear();  // configured programs need trust
  }

  std::vector<std::string> command_names() const {
    std::vector<std::string> names;
    if (!options_.validate || options_.dry_run) return names;
    for (const CommandSpec& command : config_.validation_commands) names.push_back(command.name);
    return names;
  }

  std::set<std::string> checked_languages() const {
    std::set<std::string> languages;
    for (const FileChange& change : improvement_.changes) {
      std::string language =
          language_of(change.kind == ChangeKind::Rename ? change.new_path : change.path);
      if (!language.empty() && has_syntax_checker(language, config_.syntax_checkers))
        languages.insert(language);
    }
    return languages;
  }

  void prepare() {
    works_.resize(improvement_.changes.size());
    parallel_for(works_.size(), threads(), [&](std::size_t i) {
      works_[i] = prepare_file(workspace_, store_, improvement_.changes[i]);
    });
  }

  void create_context() {
    context_.id = random_id("ctx");
    context_.improvement_id = improvement_.id;
    context_.improvement_ids = ids_;
    context_.mode = options_.dry_run ? "dry-run" : "real";
    context_.validate = options_.validate;
    context_.auto_rollback = options_.auto_rollback;
    context_.output_dir = options_.output_dir;
    context_.total_steps = static_cast<int>(plan_.steps.size());
    context_.created_at = context_.updated_at = now_ms();
    context_.pid = static_cast<int>(::getpid());

    std::map<std::string, std::string> transaction_of_group;
    for (FileWork& work : works_) {
      std::string group = work.change->group.empty() ? work.path : work.change->group;
      auto [it, fresh] = transaction_of_group.emplace(group, "");
      if (fresh) it->second = random_id("tx");
      work.transaction_id = it->second;
    }
    std::vector<StepRecord> steps;
    for (const PlanStep& step : plan_.steps) {
      std::string deps;
      for (const auto& dep : step.depends_on) deps += (deps.empty() ? "" : ",") + dep;
      StepRecord record;
      record.id = step.id;
      record.kind = std::string(step_kind_name(step, improvement_));
      record.path = step.path;
      record.depends_on = deps;
      steps.push_back(record);
    }
    // Not a durability point: the journal's commit, before any file is touched, makes
    // this one durable too (the WAL is written in order).
    store_.in_lazy_transaction([&] {
      store_.create_context(context_);
      store_.add_steps(context_.id, steps);
      for (const auto& [group, id] : transaction_of_group)
        store_.add_transaction({id, context_.id, TransactionStatus::Open, group});
      store_.log(context_.id, "info",
                 "execution of " + join(ids_) + " started: " + std::to_string(works_.size()) +
                     " file(s), " + std::to_string(plan_.steps.size()) + " steps" +
                     (options_.dry_run ? " (dry run)" : ""));
      if (!trusted_ && config_.exists)
        store_.log(context_.id, "warning",
                   ".tars/config.json is not trusted: its programs do not run");
    });
  }

  void run_step(std::size_t index) {
    const PlanStep& step = plan_.steps[index];
    switch (step.kind) {
      case StepKind::Backup:
        break;  // originals were read in prepare; journal persists them
      case StepKind::Journal:
        journal();
        break;
      case StepKind::Write:
        if (!options_.dry_run) write(works_[step.change], op_ids_[step.change]);
        break;
      case StepKind::Sync:
        sync();
        break;
      case StepKind::CheckSyntax:
        check_syntax(step.change);
        break;
      case StepKind::RunCommand:
        run_command(step.path);
        break;
    }
  }

  std::vector<FileOpRecord> file_ops(FileOpState state) const {
    std::vector<FileOpRecord> ops;
    for (const FileWork& work : works_) {
      FileOpRecord op;
      op.context_id = context_.id;
      op.transaction_id = work.transaction_id;
      op.kind = work.change->kind;
      op.path = work.path;
      if (work.change->kind == ChangeKind::Rename) op.new_path = work.change->new_path;
      op.before_hash = work.before_hash;
      op.after_hash = work.after_hash;
      op.before_mode = work.original ? work.mode : 0;
      op.after_mode = work.after_hash.empty() ? 0 : work.new_mode;
      op.state = state;
      ops.push_back(op);
    }
    return ops;
  }

  // The originals to keep in the store, and with `results` the new contents too.
  std::vector<StateStore::BlobRef> contents(bool results) const {
    std::vector<StateStore::BlobRef> blobs;
    for (const FileWork& work : works_) {
      if (work.original) blobs.push_back({work.before_hash, *work.original});
      if (results && !work.after_hash.empty()) blobs.push_back({work.after_hash, work.new_content});
    }
    return blobs;
  }

  // Write-ahead: intent and original bytes are durable before any file is touched.
  void journal() {
    std::vector<StateStore::BlobRef> originals = contents(false);
    store_.in_transaction([&] {
      store_.put_blobs(originals);
      auto ops = file_ops(FileOpState::Intent);
      store_.add_file_ops(ops);
      for (std::size_t i = 0; i < ops.size(); ++i) op_ids_.push_back(ops[i].id);
      store_.log(context_.id, "info",
                 "journal committed: " + std::to_string(ops.size()) + " file operation(s)");
    });
    journaled_ = true;
    if (!options_.dry_run) {
      kept_.emplace(workspace_, context_.id);
      kept_->prepare();
    }
    durability_point("journal committed");
  }

  // Every write goes through the handles prepare() resolved: the temp file is created
  // exclusively under an unpredictable name in the target's directory, then renamed.
  void write(FileWork& work, std::int64_t op_id) {
    switch (work.change->kind) {
      case ChangeKind::Edit:
      case ChangeKind::Create:
      case ChangeKind::Rename: {
        PathHandle& target = *work.target;
        bool new_dirs = !target.has_dir();
        target.make_dir();
        if (new_dirs)
          sync_->add_with_parents(workspace_.root_dir(), parent_of(work.result_path));
        else
          sync_->add(target.dir());
        if (work.new_mode == kDirectoryMode) {  // a submodule's empty directory
          target.dir().make_dir(target.name());
          durability_point("replaced", work.result_path);
          break;
        }
        work.temp = work.new_mode == kSymlinkMode
                        ? target.dir().symlink_temp(target.name(), work.new_content)
                        : target.dir().write_temp(target.name(), work.new_content, work.new_mode,
                                                  sync_->per_file());
        durability_point("temp written for", work.result_path);
        if (work.change->kind == ChangeKind::Edit && kept_ && kept_->keep(*work.source, op_id))
          durability_point("original kept for", work.path);
        target.dir().rename(work.temp, target.dir(), target.name());
        work.temp.clear();
        durability_point("replaced", work.result_path);
        if (work.change->kind != ChangeKind::Rename) break;
        [[fallthrough]];
      }
      case ChangeKind::Delete:
        // its directory, and those above, may be removed once empty
        sync_->add_with_parents(workspace_.root_dir(), parent_of(work.path));
        if (work.mode == kDirectoryMode) {
          work.source->dir().remove_dir(work.source->name());
        } else if (!kept_ || !kept_->move_aside(*work.source, op_id)) {
          work.source->dir().remove(work.source->name());
        }
        durability_point("removed", work.path);
        break;
    }
  }

  // The new contents are durable before the result is committed (succeed()), which makes
  // this commit durable too; until then a crash or power loss rolls the execution back.
  void sync() {
    remove_emptied_directories();
    sync_->sync(workspace_.root_dir());
    store_.in_lazy_transaction([&] {
      store_.set_file_op_states(op_ids_, FileOpState::Applied);
      for (const auto& transaction : store_.transactions(context_.id))
        store_.set_transaction_status(transaction.id, TransactionStatus::Committed);
      store_.log(context_.id, "info", "changes written and synced to disk");
    });
    durability_point("sync committed");
  }

  // As git does: a delete or a rename that leaves its directory empty removes it. Only
  // after every write, so no write of this execution finds its directory gone.
  void remove_emptied_directories() {
    for (const FileWork& work : works_) {
      if (work.change->kind != ChangeKind::Delete && work.change->kind != ChangeKind::Rename)
        continue;
      std::string parent = parent_of(work.path);
      if (!parent.empty()) workspace_.remove_empty_dirs(parent);
    }
  }

  void record_validation(const ValidationRecord& record) {
    store_.add_validation(context_.id, record);
    std::lock_guard<std::mutex> lock(mutex_);
    validations_.push_back(record);
  }

  void check_syntax(std::size_t change) {
    ValidationRecord record = syntax_->check(change);
    record_validation(record);
    if (record.status == ValidationStatus::Failed)
      throw Error(ErrorKind::ValidationFailed, failure_summary(record));
  }

  void run_command(const std::string& name) {
    for (const CommandSpec& command : config_.validation_commands) {
      if (command.name != name) continue;
      ValidationRecord record = run_validation_command(workspace_, command, options_.cancel);
      record_validation(record);
      if (record.status != ValidationStatus::Passed)
        throw Error(ErrorKind::ValidationFailed, failure_summary(record));
    }
  }

  void on_state(std::size_t index, NodeState state) {
    using Clock = std::chrono::steady_clock;
    if (state == NodeState::Running) current_step_ = plan_.steps[index].id;
    if (state == NodeState::Done || state == NodeState::Failed) ++done_;
    auto now = Clock::now();
    bool barrier = plan_.steps[index].path.empty();
    if (!barrier && now - last_progress_ < std::chrono::milliseconds(100)) return;
    last_progress_ = now;
    // Progress is not worth an fsync, and this runs under the scheduler's lock, where a
    // sync would wait behind the writes' I/O.
    store_.try_lazy_transaction(
        [&] { store_.set_progress(context_.id, done_, context_.total_steps, current_step_); });
    if (options_.on_progress) {
      context_.done_steps = done_;
      context_.current_step = current_step_;
      options_.on_progress(context_);
    }
  }

  void record_step_states(const DagResult& result) {
    std::map<StepStatus, std::vector<std::string>> by_status;
    for (std::size_t i = 0; i < plan_.steps.size(); ++i) {
      const PlanStep& step = plan_.steps[i];
      bool is_write = step.kind == StepKind::Write;
      StepStatus status = StepStatus::Skipped;
      if (result.states[i] == NodeState::Done)
        status = (options_.dry_run && is_write) ? StepStatus::Simulated : StepStatus::Done;
      if (result.states[i] == NodeState::Failed) status = StepStatus::Failed;
      by_status[status].push_back(step.id);
    }
    store_.in_lazy_transaction([&] {  // made durable by the status's commit
      for (const auto& [status, ids] : by_status)
        store_.set_step_statuses(context_.id, ids, status);
      store_.set_progress(context_.id, done_, context_.total_steps, "");
    });
  }

  // When the store cannot record the outcome (another process holds state.db's write
  // lock past the busy timeout, a full disk), the files are still put back.
  ExecutionResult finish(const DagResult& result) {
    try {
      return finish_recorded(result);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Io) throw;
      finish_unrecorded(result, e.what());
    }
  }

  [[noreturn]] void finish_unrecorded(const DagResult& result, const std::string& why) {
    std::string done = "nothing was written";
    if (journaled_ && !options_.dry_run) {
      remove_temps();
      std::vector<FileOpRecord> ops;
      for (const FileOpRecord& op : store_.file_ops(context_.id))
        if (op.state != FileOpState::RolledBack && op.state != FileOpState::Simulated)
          ops.push_back(op);
      std::reverse(ops.begin(), ops.end());
      RestoreBatch batch(workspace_, store_, ops, RestorePolicy::Careful);
      batch.run();
      done = "the files written were rolled back";
      for (const RestoreResult& restored : batch.results())
        if (restored.outcome == RestoreOutcome::Conflict ||
            restored.outcome == RestoreOutcome::Failed)
          done = "rollback incomplete: " + restored.message;
    }
    remove_scratch();
    std::string cause = result.ok ? "" : result.error + "; ";
    throw Error(ErrorKind::Io, "Execution failed: " + cause + why + "; " + done +
                                   " (the next start records it in state.db)");
  }

  ExecutionResult finish_recorded(const DagResult& result) {
    record_step_states(result);
    ExecutionResult outcome;
    if (result.ok) {
      succeed();
    } else if (result.cancelled || (options_.cancel && options_.cancel->load())) {
      outcome.error = "Execution cancelled";
      undo(ContextStatus::Cancelled, outcome.error);
    } else {
      const PlanStep& step = plan_.steps[result.failed_node];
      outcome.validation_failed =
          step.kind == StepKind::CheckSyntax || step.kind == StepKind::RunCommand;
      outcome.error =
          (outcome.validation_failed ? "Validation failed: " : "Execution failed: ") + result.error;
      if (!journaled_) {
        store_.set_context_status(context_.id, ContextStatus::Failed,
                                  outcome.error + " (nothing was written)");
      } else if (outcome.validation_failed && !options_.auto_rollback) {
        store_.set_context_status(context_.id, ContextStatus::Failed,
                                  outcome.error + " (changes left in place)");
      } else {
        outcome.error += undo(ContextStatus::RolledBack, outcome.error);
      }
    }
    store_.in_lazy_transaction([&] {  // the outcome above is durable already
      store_.log(context_.id, outcome.error.empty() ? "info" : "error",
                 outcome.error.empty() ? "execution finished" : outcome.error);
    });
    remove_scratch();
    outcome.context = *store_.get_context(context_.id);
    write_outputs(outcome);
    return outcome;
  }

  // The execution is over whatever happens here: a report that cannot be written is a
  // warning, not a failure of the execution.
  void write_outputs(ExecutionResult& outcome) {
    if (options_.output_dir.empty()) return;
    try {
      write_output_files(workspace_, store_, context_.id, options_.output_dir);
    } catch (const Error& e) {
      outcome.warnings.push_back(std::string("output files not written: ") + e.what());
    }
  }

  void succeed() {
    if (options_.dry_run) {
      std::vector<StateStore::BlobRef> both = contents(true);
      store_.in_transaction([&] {
        store_.put_blobs(both);
        auto ops = file_ops(FileOpState::Simulated);
        store_.add_file_ops(ops);
        store_.set_context_status(
            context_.id, ContextStatus::Simulated,
            "dry run: " + std::to_string(works_.size()) + " file(s) would change");
      });
      return;
    }
    // The result's durability point: once reported, a power loss keeps it.
    store_.in_transaction([&] {
      store_.set_context_status(
          context_.id, ContextStatus::AwaitingReview,
          "applied " + std::to_string(works_.size()) + " file(s); awaiting review");
      for (const std::string& id : ids_)
        store_.set_improvement_status(id, improvement_status::kApplied);
    });
  }

  void remove_temps() {
    for (FileWork& work : works_) {
      if (work.temp.empty() || !work.target->has_dir()) continue;
      try {
        work.target->dir().remove(work.temp);
        work.temp.clear();
      } catch (const Error&) {
        // recovery removes what is left
      }
    }
  }

  // Returns what became of the files, to append to the error.
  std::string undo(ContextStatus status, const std::string& why) {
    remove_temps();
    if (!journaled_) {
      store_.set_context_status(context_.id, status, why + " (nothing was written)");
      return " (nothing was written)";
    }
    RollbackReport report =
        roll_back(workspace_, store_, context_.id, {}, RestorePolicy::Careful, status);
    std::string suffix = report.conflicts.empty()
                             ? "; changes rolled back"
                             : "; rollback incomplete: " + report.conflicts.front();
    store_.set_context_status(context_.id, report.status, why + suffix);
    return suffix;
  }

  // .tars/staging/<context>/, made when a configured checker needs files on disk.
  DirHandle scratch() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!scratch_) scratch_ = workspace_.ensure_state_dir().make_dir("staging/" + context_.id);
    return *scratch_;
  }

  void remove_scratch() {
    if (!scratch_) return;
    try {
      if (auto state = workspace_.state())
        if (auto staging = state->find_dir("staging")) staging->remove_tree(context_.id);
    } catch (const Error&) {
      // staging files are scratch; recovery removes what is left
    }
  }

  const Workspace& workspace_;
  StateStore& store_;
  const Improvement& improvement_;
  const std::vector<std::string> ids_;  // the improvements combined in improvement_
  const ExecuteOptions& options_;
  WorkspaceConfig config_;
  bool trusted_ = false;
  ExecutionPlan plan_;
  std::vector<FileWork> works_;
  ContextRecord context_;
  std::optional<SyntaxChecks> syntax_;
  std::optional<DirHandle> scratch_;
  std::vector<std::int64_t> op_ids_;
  bool journaled_ = false;
  std::optional<KeptOriginals> kept_;  // where replaced files are kept, when they can be
  std::optional<SyncSet> sync_;        // what makes the writes durable
  std::mutex mutex_;
  std::vector<ValidationRecord> validations_;
  int done_ = 0;
  std::string current_step_;
  std::chrono::steady_clock::time_point last_progress_{};
};

}  // namespace

ExecutionResult execute_improvement(const Workspace& workspace, StateStore& store,
                                    const Improvement& improvement, const ExecuteOptions& options) {
  return Execution(workspace, store, improvement, {improvement.id}, options).run();
}

ExecutionResult execute_combined(const Workspace& workspace, StateStore& store,
                                 const Improvement& combined, std::vector<std::string> ids,
                                 const ExecuteOptions& options) {
  return Execution(workspace, store, combined, std::move(ids), options).run();
}

}  // namespace tars
