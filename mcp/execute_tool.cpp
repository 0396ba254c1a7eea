// execute: improvements run one after another, each as its own execution context through
// Engine::execute (journal, syntax checks, the configured commands, auto-rollback), with
// MCP progress over all of them and the call's cancellation. What passes waits for a
// person's review; the agent is told so, and told when only a person can allow the
// workspace's validation commands (`tarscli trust`).
#include <algorithm>
#include <mutex>

#include "core/base/error.h"
#include "core/validation/validation_runner.h"
#include "core/validation/workspace_config.h"
#include "mcp/context_result.h"
#include "mcp/tool_arguments.h"
#include "mcp/tools.h"

namespace tars::mcp {

namespace {

// Percent of all the improvements done, reported only when it grows (MCP wants every
// progress notification to increase). Executions report from worker threads.
class Progress {
 public:
  Progress(CallContext& call, std::size_t count) : call_(call), count_(count) {}

  void report(std::size_t index, const ContextRecord& context) {
    send(index * 100 + percent_done(context), context.improvement_id + ": " + context.current_step);
  }
  void finished(std::size_t index, const std::string& id) {
    send((index + 1) * 100, id + ": done");
  }

 private:
  void send(std::size_t hundredths, const std::string& message) {
    if (!call_.progress) return;
    int percent = static_cast<int>(hundredths / count_);
    std::lock_guard<std::mutex> lock(mutex_);
    if (percent <= sent_) return;
    sent_ = percent;
    call_.progress(percent, 100, message);
  }

  CallContext& call_;
  std::size_t count_;
  std::mutex mutex_;
  int sent_ = 0;
};

std::string trust_needed(const Workspace& workspace) {
  return "Validation failed: .tars/config.json defines validation commands that are not "
         "trusted, and only a person can allow them: they review .tars/config.json and run "
         "`tarscli trust` in " +
         workspace.root().string() +
         ". Until then, execute with validate: false applies the change with the built-in "
         "syntax checks only, for a person to review.";
}

json not_started(const std::string& id, const std::string& why) {
  return {{"improvementId", id}, {"contextId", nullptr}, {"status", "not_started"},
          {"message", why},      {"diff", ""},           {"diagnostics", json::array()}};
}

json execute_one(Engine& engine, const std::string& id, const ExecuteOptions& options) {
  try {
    return context_result(engine, engine.execute(id, options).context);
  } catch (const Error& e) {
    return not_started(id, e.what());
  }
}

bool succeeded(const json& result) {
  return result["status"] == "awaiting_review" || result["status"] == "simulated";
}

std::vector<std::string> notes(const ExecuteArguments& args, const WorkspaceConfig& config,
                               bool trusted, const json& results) {
  std::vector<std::string> out;
  if (!args.validate && !config.validation_commands.empty())
    out.push_back(std::string("The workspace's validation commands did not run (validate: "
                              "false)") +
                  (trusted ? "." : "; they need a person's `tarscli trust` first."));
  if (std::any_of(results.begin(), results.end(),
                  [](const json& r) { return r["status"] == "awaiting_review"; }))
    out.push_back(
        "Contexts awaiting_review wait for a person to approve, reject or roll them back (in "
        "VS Code, Neovim, or `tarscli execute review --context-id <id>`); you cannot approve "
        "them. Call rollback to withdraw one.");
  return out;
}

std::string summary(const json& results, const std::vector<std::string>& notes) {
  std::string text;
  for (const json& r : results) {
    text += r["improvementId"].get<std::string>() + ": " + r["status"].get<std::string>();
    if (!r["contextId"].is_null()) text += " (" + r["contextId"].get<std::string>() + ")";
    text += " - " + r["message"].get<std::string>() + "\n";
    for (const json& line : r["diagnostics"]) text += "  " + line.get<std::string>() + "\n";
  }
  for (const std::string& note : notes) text += note + "\n";
  return text;
}

ExecuteOptions options_for(const ExecuteArguments& args, CallContext& call) {
  ExecuteOptions options;
  options.dry_run = args.dry_run;
  options.validate = args.validate;
  options.auto_rollback = args.auto_rollback;
  options.cancel = call.cancel;
  options.lock_wait = std::chrono::seconds(2);  // a finished execution lets go of it
  return options;
}

}  // namespace

ToolResult execute_tool(Engine& engine, const json& arguments, CallContext& call) {
  auto args = protocol::parse<ExecuteArguments>(arguments, "arguments");
  WorkspaceConfig config = load_workspace_config(engine.workspace());
  if (args.validate && needs_trust(engine.workspace(), config))
    return tool_error(trust_needed(engine.workspace()));
  Progress progress(call, args.ids.size());
  json results = json::array();
  for (std::size_t i = 0; i < args.ids.size() && !(call.cancel && *call.cancel); ++i) {
    ExecuteOptions options = options_for(args, call);
    options.on_progress = [&progress, i](const ContextRecord& c) { progress.report(i, c); };
    results.push_back(execute_one(engine, args.ids[i], options));
    progress.finished(i, args.ids[i]);
    call.log(succeeded(results.back()) ? "info" : "warning",
             "execute " + args.ids[i] + ": " + results.back()["status"].get<std::string>());
  }
  auto said = notes(args, config, is_trusted(engine.workspace(), config), results);
  bool failed =
      std::any_of(results.begin(), results.end(), [](const json& r) { return !succeeded(r); });
  ToolResult result = tool_success({{"results", results}, {"notes", said}}, summary(results, said));
  result.is_error = failed;
  return result;
}

}  // namespace tars::mcp
