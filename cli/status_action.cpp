#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/base/ids.h"
#include "core/base/join.h"
#include "core/base/quote.h"
#include "core/execution/context_report.h"

namespace tars::cli {

namespace {

Style status_style(ContextStatus status) {
  switch (status) {
    case ContextStatus::AwaitingReview:
    case ContextStatus::Approved:
    case ContextStatus::Simulated:
      return Style::Green;
    case ContextStatus::Failed:
    case ContextStatus::PartiallyRolledBack:
      return Style::Red;
    case ContextStatus::Running:
      return Style::Cyan;
    default:
      return Style::Yellow;
  }
}

std::string detail_text(const CliEnv& env, const ContextDetail& detail, Engine& engine) {
  const Terminal& t = env.terminal;
  std::string text;
  text += t.paint(Style::Bold, "Steps") + "\n";
  for (const StepRecord& step : detail.steps)
    text += "  " + std::string(to_string(step.status)) + "\t" + step.id +
            (step.message.empty() ? "" : "  " + step.message) + "\n";
  text += t.paint(Style::Bold, "Transactions") + "\n";
  auto files_of = files_by_transaction(detail);
  for (const TransactionRecord& transaction : detail.transactions) {
    text += "  " + transaction.id + "  " + std::string(to_string(transaction.status)) +
            (transaction.name.empty() ? "" : "  " + printable(transaction.name)) + ":";
    for (const FileOpRecord* op : files_of[transaction.id]) text += " " + quote_path(op->path);
    text += "\n";
  }
  text += t.paint(Style::Bold, "Files") + "\n";
  for (const FileOpRecord& op : detail.file_ops)
    text += "  " + std::string(operation_name(op.kind)) + "\t" + quote_path(op.path) +
            (op.new_path.empty() ? "" : " -> " + quote_path(op.new_path)) + "  [" +
            std::string(to_string(op.state)) + "]" +
            (op.message.empty() ? "" : "  " + printable(op.message)) + "\n";
  text += t.paint(Style::Bold, "Validation") + "\n";
  if (detail.validations.empty()) text += "  (none)\n";
  for (const ValidationRecord& record : detail.validations) {
    text += "  " + record.name + ": " + std::string(to_string(record.status)) + " (" +
            record.phase + ")\n";
    for (const Diagnostic& d : record.diagnostics)
      text += "    " + quote_path(d.path) + ":" + std::to_string(d.line) + ":" +
              std::to_string(d.column) + ": " + d.severity + ": " + printable(d.message) + "\n";
    if (record.status != ValidationStatus::Passed && record.status != ValidationStatus::Skipped &&
        !record.output.empty())
      text += "    output:\n      " + record.output.substr(0, 4000) + "\n";
  }
  text += t.paint(Style::Bold, "Logs") + "\n";
  for (const LogRecord& log : detail.logs)
    text += "  " + iso8601(log.at) + " " + log.level + ": " + log.message + "\n";
  text += t.paint(Style::Bold, "Changes") + "\n";
  std::string diff = changes_patch(engine.review(detail.context.id));
  text += diff.empty() ? "  (no differences)\n" : t.paint_diff(diff);
  return text;
}

// The first improvement, and how many more a batched execution ran.
std::string improvements_of(const ContextRecord& context) {
  std::size_t more = context.improvement_ids.size();
  if (more < 2) return context.improvement_id;
  return context.improvement_id + " +" + std::to_string(more - 1);
}

}  // namespace

std::string render_context_line(const CliEnv& env, const ContextRecord& context) {
  std::string status(to_string(context.status));
  std::string text =
      env.terminal.paint(Style::Bold, context.id) + "  " +
      env.terminal.paint(status_style(context.status), status) + "  " + improvements_of(context) +
      "  " + context.mode + "  " + std::to_string(context.done_steps) + "/" +
      std::to_string(context.total_steps) + " steps  " + iso8601(context.created_at) + "\n";
  if (!context.message.empty()) text += "  " + context.message + "\n";
  return text;
}

int exit_code_for_context(Engine& engine, const ContextRecord& context) {
  for (const ValidationRecord& record : engine.store().validations(context.id))
    if (record.status == ValidationStatus::Failed || record.status == ValidationStatus::Timeout ||
        record.status == ValidationStatus::Error)
      return kValidationFailed;
  if (context.status == ContextStatus::Failed) return kFailure;
  return kOk;
}

int execute_status(CliEnv& env, const std::string& context_id, bool detail) {
  Engine engine = env.open_engine();
  if (context_id.empty()) {
    std::vector<ContextRecord> contexts = engine.contexts();
    if (env.json()) {
      env.out(json_text(contexts_json(contexts)));
      return kOk;
    }
    if (contexts.empty()) env.out("No execution contexts yet.\n");
    for (const ContextRecord& context : contexts) env.out(render_context_line(env, context));
    return kOk;
  }
  ContextDetail full = engine.detail(context_id);
  if (env.json()) {
    env.out(json_text(context_detail_json(full, detail)));
    return kOk;
  }
  std::string text = render_context_line(env, full.context);
  text +=
      "  progress: " + std::to_string(percent_done(full.context)) + "%" +
      (full.context.current_step.empty() ? "" : "  current step: " + full.context.current_step) +
      "\n";
  if (full.context.improvement_ids.size() > 1)
    text += "  improvements: " + join(full.context.improvement_ids, " ") + "\n";
  text += "  files: " + std::to_string(full.file_ops.size()) +
          "   transactions: " + std::to_string(full.transactions.size()) +
          "   validation: " + std::to_string(full.validations.size()) + " result(s)\n";
  int errors = 0;
  for (const LogRecord& log : full.logs) {
    if (log.level == "info" && !detail) continue;
    if (log.level == "error") ++errors;
    if (!detail) text += "  " + log.level + ": " + log.message + "\n";
  }
  if (detail) text += detail_text(env, full, engine);
  env.out(text);
  return kOk;
}

}  // namespace tars::cli
