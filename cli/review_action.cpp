#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/base/error.h"
#include "core/base/quote.h"

namespace tars::cli {

namespace {

std::string review_json(const std::string& context_id, const std::vector<FileReview>& files,
                        const ContextRecord& context) {
  nlohmann::json out = {{"contextId", context_id},
                        {"status", to_string(context.status)},
                        {"files", file_reviews_json(files)}};
  return json_text(out);
}

// Each transaction once, in file order, with its name and files: what
// `execute rollback --transaction-id` takes back together.
std::string transactions_text(const CliEnv& env, const std::vector<FileReview>& files) {
  std::vector<std::string> order;
  std::map<std::string, std::string> line_of;
  for (const FileReview& file : files) {
    auto [it, fresh] = line_of.try_emplace(file.transaction_id);
    if (fresh) {
      order.push_back(file.transaction_id);
      it->second = "  " + file.transaction_id +
                   (file.transaction_name.empty() ? "" : "  " + printable(file.transaction_name)) +
                   ":";
    }
    it->second += " " + quote_path(file.new_path);
  }
  std::string text = env.terminal.paint(Style::Bold, "Transactions") + "\n";
  for (const std::string& id : order) text += line_of[id] + "\n";
  return text;
}

// Asks about each changed file; returns the exit code. The context is approved when
// every file was answered and at least one approved; rejected files are rolled back.
int review_interactively(CliEnv& env, Engine& engine, const std::string& context_id,
                         const std::vector<FileReview>& files) {
  int approved = 0;
  bool skipped = false;
  for (const FileReview& file : files) {
    if (file.state != "applied" && file.state != "conflict") continue;
    while (true) {
      std::cout << env.terminal.paint(Style::Bold, file.new_path)
                << ": [a]pprove, [r]eject, [s]kip? " << std::flush;
      std::string answer;
      if (!std::getline(std::cin, answer)) return kOk;
      if (answer == "a" || answer == "approve") {
        ++approved;
        break;
      }
      if (answer == "s" || answer == "skip") {
        skipped = true;
        break;
      }
      if (answer == "r" || answer == "reject") {
        RollbackReport report = engine.reject(context_id, file.path);
        env.out(render_rollback(env, context_id, report));
        if (!report.conflicts.empty()) return kRollbackFailed;
        break;
      }
    }
  }
  if (approved > 0 && !skipped) {
    engine.approve(context_id);
    env.out("Approved the remaining changes of " + context_id + ".\n");
  }
  return kOk;
}

}  // namespace

int execute_review(CliEnv& env, const ReviewArgs& args) {
  Engine engine = env.open_engine();
  ContextRecord context = engine.context(args.context_id);
  if (args.approve) {
    engine.approve(args.context_id);
    if (env.json())
      env.out(review_json(args.context_id, engine.review(args.context_id),
                          engine.context(args.context_id)));
    else
      env.out("Approved " + args.context_id + ": its changes stay in place.\n");
    return kOk;
  }
  if (args.reject) {
    std::optional<std::string> file;
    if (!args.file_path.empty()) file = args.file_path;
    RollbackReport report = engine.reject(args.context_id, file);
    if (env.json())
      env.out(review_json(args.context_id, engine.review(args.context_id),
                          engine.context(args.context_id)));
    else
      env.out(render_rollback(env, args.context_id, report));
    for (const std::string& conflict : report.conflicts) env.error("Rollback failed: " + conflict);
    return report.conflicts.empty() ? kOk : kRollbackFailed;
  }
  std::vector<FileReview> files = engine.review(args.context_id);
  if (env.json()) {
    env.out(review_json(args.context_id, files, context));
    return kOk;
  }
  env.out(render_context_line(env, context));
  if (!files.empty()) env.out(transactions_text(env, files));
  std::string diff;  // for a reader: binary files "differ", symlinks say their targets
  for (const FileReview& file : files) diff += file.diff;
  env.out(diff.empty() ? "No differences.\n" : env.terminal.paint_diff(diff));
  bool reviewable = context.status == ContextStatus::AwaitingReview ||
                    context.status == ContextStatus::Failed ||
                    context.status == ContextStatus::PartiallyRolledBack;
  if (reviewable && env.terminal.stdin_is_tty() && env.terminal.stdout_is_tty())
    return review_interactively(env, engine, args.context_id, files);
  if (reviewable) env.out("Approve with --approve, or reject with --reject [--file-path FILE].\n");
  return kOk;
}

}  // namespace tars::cli
