// workspace/executeCommand's tars.* commands: execute (after asking to trust the
// workspace's config when it runs programs), roll back, approve, reject, review.
#include <spdlog/spdlog.h>

#include "core/base/error.h"
#include "core/validation/trust.h"
#include "core/validation/validation_runner.h"
#include "core/validation/workspace_config.h"
#include "protocol/binder.h"
#include "server/lsp_server.h"

namespace tars::server {

using protocol::RpcError;
namespace error_code = protocol::error_code;

protocol::RpcError rpc_error(const Error& e) {
  return RpcError(
      e.kind() == ErrorKind::NotFound ? error_code::kInvalidParams : error_code::kRequestFailed,
      e.what());
}

namespace {

constexpr const char* kTrustAnswer = "Trust and run";

// A command answers the core's errors with rpc_error().
template <class Arguments>
auto answering_core_errors(LspServer* server, json (LspServer::*command)(const Arguments&)) {
  return [server, command](const Arguments& args) -> json {
    try {
      return (server->*command)(args);
    } catch (const Error& e) {
      throw rpc_error(e);
    }
  };
}

json report_json(const RollbackReport& report) {
  return {{"status", to_string(report.status)},
          {"restored", report.restored},
          {"conflicts", report.conflicts},
          {"savedBackups", report.saved_backups}};
}

}  // namespace

void LspServer::bind_commands() {
  protocol::Binder bind(dispatcher_);
  bind.command<ExecuteArguments>("tars.execute",
                                 answering_core_errors(this, &LspServer::start_execution));
  bind.command<RollbackArguments>("tars.rollback",
                                  answering_core_errors(this, &LspServer::rollback_command));
  bind.command<ContextParams>("tars.approve",
                              answering_core_errors(this, &LspServer::approve_command));
  bind.command<RejectArguments>("tars.reject",
                                answering_core_errors(this, &LspServer::reject_command));
  bind.command<ContextParams>("tars.review",
                              answering_core_errors(this, &LspServer::review_request));
}

// A file open with unsaved changes is never written behind the editor's back.
void LspServer::refuse_unsaved(const Improvement& improvement) {
  for (const FileChange& change : improvement.changes)
    for (const std::string& path : {change.path, change.new_path}) {
      if (path.empty()) continue;
      auto open = documents_.find(uri_of(path));
      if (open == documents_.end()) continue;
      auto on_disk = engine().workspace().open(path).read();
      if (on_disk && *on_disk == open->second.text) continue;
      std::string message =
          path +
          " has unsaved changes in the editor; save or revert it, then run the improvement again";
      show_message(1, "TARS: " + message);
      throw RpcError(error_code::kRequestFailed, message);
    }
}

json LspServer::start_execution(const ExecuteArguments& args) {
  for (const std::string& id : args.improvement_ids) refuse_unsaved(engine().improvement(id));
  ExecuteOptions options;
  options.dry_run = args.dry_run.value_or(false);
  options.validate = args.validate.value_or(default_validate_);
  options.auto_rollback = args.auto_rollback.value_or(default_auto_rollback_);
  options.lock_wait = std::chrono::seconds(2);  // an execution that just ended lets go of it
  if (ask_trust_first(args.improvement_ids, options))
    return {{"contextId", nullptr}, {"awaitingTrust", true}};
  return run_in_background(args.improvement_ids, options);
}

// The configured validation commands of an untrusted workspace run only once the user
// says so: asked through window/showMessageRequest; the answer is recorded in the same
// trust file `tarscli trust` writes. Returns true when the execution waits for the answer.
bool LspServer::ask_trust_first(const std::vector<std::string>& ids,
                                const ExecuteOptions& options) {
  if (!options.validate || options.dry_run || !client_.message_actions) return false;
  WorkspaceConfig config = load_workspace_config(engine().workspace());
  if (!needs_trust(engine().workspace(), config)) return false;
  std::string programs;
  for (const std::string& program : trusted_programs(config))
    programs += (programs.empty() ? "" : "; ") + program;
  json params = {{"type", 2},
                 {"message", "TARS: this workspace's .tars/config.json runs programs: " + programs +
                                 ". Trust this config and run them?"},
                 {"actions", {{{"title", kTrustAnswer}}, {{"title", "Don't run"}}}}};
  auto on_answer = [this, ids, options, hash = config.hash](const protocol::Message& reply) {
    if (!reply.error.is_null() || !reply.result.is_object() ||
        reply.result.value("title", json()) != kTrustAnswer) {
      show_message(3,
                   "TARS: not executed: the workspace's validation commands are not trusted "
                   "(`tarscli trust` trusts them)");
      return;
    }
    try {
      TrustStore().trust(engine().workspace().root(), hash);
      json started = run_in_background(ids, options);
      spdlog::info("trusted the workspace config; started {}", started.dump());
    } catch (const std::exception& e) {
      show_message(1, std::string("TARS: ") + e.what());
    }
  };
  send_request("window/showMessageRequest", params, on_answer, std::chrono::minutes(10));
  return true;
}

json LspServer::rollback_command(const RollbackArguments& args) {
  RollbackScope scope;
  if (args.transaction_id) scope = {RollbackScopeKind::Transaction, *args.transaction_id};
  if (args.path) scope = {RollbackScopeKind::File, *args.path};
  if (args.uri) scope = {RollbackScopeKind::File, path_of(*args.uri)};
  RollbackReport report = engine().rollback(args.context_id, scope, args.force);
  for (const std::string& conflict : report.conflicts)
    show_message(1, "TARS: Rollback failed: " + conflict);
  after_close(args.context_id);
  return report_json(report);
}

json LspServer::approve_command(const ContextParams& args) {
  engine().approve(args.context_id);
  after_close(args.context_id);
  return {{"status", "approved"}};
}

json LspServer::reject_command(const RejectArguments& args) {
  std::optional<std::string> file;
  if (args.uri) file = path_of(*args.uri);
  RollbackReport report = engine().reject(args.context_id, file);
  after_close(args.context_id);
  return report_json(report);
}

}  // namespace tars::server
