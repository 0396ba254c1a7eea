#include <mutex>

#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "core/base/error.h"
#include "core/base/quote.h"
#include "core/execution/context_report.h"
#include "core/store/state_store.h"

namespace tars::cli {

namespace {

std::string summary_text(const CliEnv& env, const ExecutionResult& result, Engine& engine) {
  const ContextRecord& context = result.context;
  std::string text = render_context_line(env, context);
  for (const ValidationRecord& record : engine.store().validations(context.id)) {
    if (record.status == ValidationStatus::Passed || record.status == ValidationStatus::Skipped)
      continue;
    text +=
        "  " +
        env.terminal.paint(Style::Red, record.name + ": " + std::string(to_string(record.status))) +
        "\n";
    for (const Diagnostic& d : record.diagnostics)
      text += "    " + quote_path(d.path) + ":" + std::to_string(d.line) + ": " +
              printable(d.message) + "\n";
  }
  const std::string& id = context.id;
  switch (context.status) {
    case ContextStatus::AwaitingReview:
      text += "Next: tarscli execute review --context-id " + id + "\n";
      break;
    case ContextStatus::Simulated:
      text += "Next: tarscli execute status --context-id " + id + " --detail\n";
      break;
    case ContextStatus::Failed:
      text += "Changes left in place. Roll back with: tarscli execute rollback --context-id " + id +
              " --all\n";
      break;
    default:
      break;
  }
  return text;
}

// --all-pending: the pending improvements in the order `improve list` shows them
// (priority, then id), so the order is the one a person reads there.
std::vector<std::string> pending_ids(Engine& engine) {
  std::vector<std::string> ids;
  for (const Improvement& improvement : engine.list_improvements().improvements)
    if (improvement.status == improvement_status::kPending) ids.push_back(improvement.id);
  if (ids.empty()) throw Error(ErrorKind::NotFound, "No pending improvements to execute");
  return ids;
}

}  // namespace

int execute_improvement(CliEnv& env, const ExecuteArgs& args) {
  Engine engine = env.open_engine();
  std::vector<std::string> ids = args.all_pending ? pending_ids(engine) : args.ids;
  ExecuteOptions options;
  options.dry_run = args.dry_run;
  options.validate = args.validate;
  options.auto_rollback = args.auto_rollback;
  options.output_dir = args.output_dir;
  options.cancel = InterruptGuard::flag();
  std::mutex draw;
  std::int64_t started = now_ms();
  options.on_progress = [&](const ContextRecord& context) {
    std::lock_guard<std::mutex> lock(draw);
    env.terminal.progress(context.done_steps, context.total_steps, context.current_step,
                          now_ms() - started);
  };
  InterruptGuard guard;
  ExecutionResult result = engine.execute(ids, options);
  env.terminal.end_progress();

  if (env.json()) {
    env.out(json_text(context_detail_json(engine.detail(result.context.id), false)));
  } else {
    env.out(summary_text(env, result, engine));
  }
  for (const std::string& warning : result.warnings) env.warning(warning);
  if (!result.error.empty()) env.error(result.error);
  if (result.context.status == ContextStatus::Cancelled) return kInterrupted;
  if (result.validation_failed) return kValidationFailed;
  return result.error.empty() ? kOk : kFailure;
}

}  // namespace tars::cli
