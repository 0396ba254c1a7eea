// rollback: the agent withdraws what an execution changed (all, one transaction, one
// file) through Engine::rollback, never forcing over a person's edits, and never undoing
// what a person decided (approved or rejected contexts).
#include "core/base/error.h"
#include "mcp/tool_arguments.h"
#include "mcp/tools.h"

namespace tars::mcp {

namespace {

RollbackScope scope_of(const Workspace& workspace, const RollbackArguments& args) {
  if (args.transaction_id) return {RollbackScopeKind::Transaction, *args.transaction_id};
  if (args.path)
    return {RollbackScopeKind::File, workspace.relative(workspace.resolve(*args.path))};
  return {RollbackScopeKind::All, ""};
}

std::string refused(const ContextRecord& context) {
  return "Context " + context.id + " was " + std::string(to_string(context.status)) +
         " by a person; only a person can undo that (tarscli execute rollback --context-id " +
         context.id + " --all).";
}

std::string summary(const std::string& context_id, const RollbackReport& report) {
  std::string text = context_id + ": " + std::string(to_string(report.status)) + ", " +
                     std::to_string(report.restored.size()) + " file(s) restored";
  if (report.conflicts.empty()) return text + ".";
  text += "; refused, because someone changed them since the execution:\n";
  for (const std::string& conflict : report.conflicts) text += "  " + conflict + "\n";
  return text +
         "Leave them to a person (tarscli execute rollback --force keeps their version "
         "as a backup).";
}

}  // namespace

ToolResult rollback_tool(Engine& engine, const json& arguments, CallContext&) {
  auto args = protocol::parse<RollbackArguments>(arguments, "arguments");
  ContextRecord context = engine.context(args.context_id);
  if (context.status == ContextStatus::Approved || context.status == ContextStatus::Rejected)
    return tool_error(refused(context));
  RollbackReport report =
      engine.rollback(args.context_id, scope_of(engine.workspace(), args), false);
  json out = {{"contextId", args.context_id},
              {"status", to_string(report.status)},
              {"restored", report.restored},
              {"alreadyOriginal", report.already_original},
              {"conflicts", report.conflicts}};
  ToolResult result = tool_success(std::move(out), summary(args.context_id, report));
  result.is_error = !report.conflicts.empty();
  return result;
}

}  // namespace tars::mcp
