// textDocument/codeAction and codeAction/resolve: improvements touching the range,
// fix-all for the file, and approve / reject / roll back for files an open execution
// changed. Answered from the in-memory index: code actions come on every cursor move.
#include <algorithm>

#include "core/base/hash.h"
#include "server/lsp_server.h"

namespace tars::server {

namespace {

// LSP kinds are hierarchical: "refactor" asks for "refactor.rewrite" too.
bool wanted(const std::vector<std::string>& only, const std::string& kind) {
  if (only.empty()) return true;
  for (const std::string& prefix : only)
    if (kind == prefix || kind.starts_with(prefix + ".")) return true;
  return false;
}

// The client diagnostic in the request this improvement answers, if any: one of our
// hints for it, or one of the findings it was imported with, on the same line.
const protocol::ContextDiagnostic* answered_diagnostic(const Improvement& improvement,
                                                       const protocol::CodeActionContext& context) {
  for (const protocol::ContextDiagnostic& d : context.diagnostics) {
    if (d.source == "tars" && d.code == improvement.id) return &d;
    for (const Diagnostic& finding : improvement.diagnostics)
      if (finding.line - 1 == d.line && !finding.message.empty() &&
          d.message.find(finding.message) != std::string::npos)
        return &d;
  }
  return nullptr;
}

protocol::CodeAction action_of(const std::string& title, const std::string& kind,
                               const std::string& disabled_reason = "") {
  protocol::CodeAction action;
  action.title = title;
  action.kind = kind;
  action.disabled_reason = disabled_reason;
  return action;
}

protocol::Command execute_command(const std::string& title, json argument) {
  return {title, "tars.execute", json::array({std::move(argument)})};
}

}  // namespace

// A CodeAction literal when the client takes them (else the plain Command), its command
// left for codeAction/resolve when the client resolves lazily.
json LspServer::make_action(protocol::CodeAction action, const protocol::Command& command) {
  if (!client_.literal_actions) return command;
  if (client_.resolve_command && client_.data_support)
    action.data = {{"command", command}};  // filled in by codeAction/resolve
  else
    action.command = command;
  return action;
}

// The command make_action() left in the action's data.
json LspServer::resolve_code_action(const protocol::CodeActionResolveParams& params) {
  json resolved = params.action;
  if (params.data.contains("command")) resolved["command"] = params.data["command"];
  return resolved;
}

// Cheap and I/O-free: the document still matches the improvement's base, or every text
// the improvement replaces is still in it (the execution then rebases its edits, and
// refuses with the same message if it cannot).
std::string LspServer::stale_reason(const Improvement& improvement, const std::string& path,
                                    OpenDocument& document) const {
  for (const FileChange& change : improvement.changes) {
    if (change.path != path || change.base_hash.empty()) continue;
    if (document.hash.empty()) document.hash = content_hash(document.text);
    if (document.hash == change.base_hash) continue;
    if (change.edits.empty())
      return "Improvement is stale: " + path + " changed since it was created";
    for (const TextEdit& edit : change.edits)
      if (!edit.old_text.empty() && document.text.find(edit.old_text) == std::string::npos)
        return "Improvement is stale: " + path + " changed since it was created";
  }
  return "";
}

void LspServer::add_improvement_actions(json& actions, const std::string& path,
                                        OpenDocument& document, std::size_t start, std::size_t end,
                                        const protocol::CodeActionContext& context) {
  const std::vector<std::string>& only = context.only;
  for (std::size_t i : index_.touching(path, start, end)) {
    const Improvement& improvement = index_.full(i);
    if (improvement.status != improvement_status::kPending) continue;
    std::string stale = stale_reason(improvement, path, document);
    if (!stale.empty() && !(client_.literal_actions && client_.disabled_support)) continue;
    const protocol::ContextDiagnostic* diagnostic = answered_diagnostic(improvement, context);
    std::string kind = diagnostic ? "quickfix" : "refactor.rewrite";
    if (wanted(only, kind)) {
      std::string title = "TARS: " + improvement.title;
      protocol::CodeAction action = action_of(title, kind, stale);
      if (diagnostic) {
        action.diagnostics = {diagnostic->sent};
        action.is_preferred = true;
      }
      actions.push_back(
          make_action(action, execute_command(title, {{"improvementId", improvement.id}})));
    }
    if (wanted(only, "refactor.rewrite")) {
      std::string title = "Preview (dry run): " + improvement.title;
      actions.push_back(make_action(
          action_of(title, "refactor.rewrite", stale),
          execute_command(title, {{"improvementId", improvement.id}, {"dryRun", true}})));
    }
  }
}

void LspServer::add_fix_all_action(json& actions, const std::string& path, OpenDocument& document) {
  json ids = json::array();
  for (std::size_t i : index_.for_file(path)) {
    if (index_.improvements()[i].status != improvement_status::kPending) continue;
    const Improvement& improvement = index_.full(i);
    if (stale_reason(improvement, path, document).empty()) ids.push_back(improvement.id);
  }
  if (ids.empty()) return;
  std::string title =
      "TARS: apply all " + std::to_string(ids.size()) + " improvement(s) to " + path;
  actions.push_back(make_action(action_of(title, "source.fixAll.tars"),
                                execute_command(title, {{"improvementIds", ids}})));
}

void LspServer::add_context_actions(json& actions, const std::string& path,
                                    const std::vector<std::string>& only) {
  std::vector<OpenContext> contexts;
  {
    std::lock_guard<std::mutex> lock(open_contexts_mutex_);
    auto it = open_contexts_.find(path);
    if (it != open_contexts_.end()) contexts = it->second;
  }
  for (const OpenContext& context : contexts) {
    std::string of = " (" + context.improvement_id + ", " + context.status + ")";
    auto add = [&](const std::string& title, const std::string& kind, const std::string& name,
                   json args) {
      if (!wanted(only, kind)) return;
      args["contextId"] = context.id;
      actions.push_back(make_action(action_of(title, kind), {title, name, json::array({args})}));
    };
    add("Roll back this file" + of, "refactor.tars.rollback", "tars.rollback", {{"path", path}});
    add("Roll back execution " + context.id, "refactor.tars.rollback", "tars.rollback",
        json::object());
    if (context.status == "awaiting_review")
      add("Approve execution " + context.id, "refactor.tars.approve", "tars.approve",
          json::object());
    add("Reject execution " + context.id, "refactor.tars.reject", "tars.reject", json::object());
  }
}

void LspServer::refresh_open_contexts() {
  std::map<std::string, std::vector<OpenContext>> by_path;
  for (const ContextRecord& context : engine().contexts()) {
    if (context.status != ContextStatus::AwaitingReview &&
        context.status != ContextStatus::Failed &&
        context.status != ContextStatus::PartiallyRolledBack)
      continue;
    for (const FileOpRecord& op : engine().store().file_ops(context.id)) {
      if (op.state != FileOpState::Applied) continue;
      OpenContext open{context.id, context.improvement_id, std::string(to_string(context.status)),
                       op.transaction_id};
      by_path[op.new_path.empty() ? op.path : op.new_path].push_back(open);
    }
  }
  std::lock_guard<std::mutex> lock(open_contexts_mutex_);
  open_contexts_ = std::move(by_path);
}

json LspServer::code_actions(const protocol::CodeActionParams& params) {
  refresh_index();
  const std::string& uri = params.text_document.uri;
  std::string path = path_of(uri);
  const protocol::CodeActionContext& context = params.context;
  // Automatic requests (cursor moves) do no I/O: they use the contexts known so far.
  if (context.trigger_kind != 2) refresh_open_contexts();
  auto open = documents_.find(uri);
  OpenDocument closed;
  if (open == documents_.end()) closed.text = text_of(path);
  OpenDocument& document = open == documents_.end() ? closed : open->second;
  auto [start, end] = byte_range(params.range, document.text);
  json actions = json::array();
  add_improvement_actions(actions, path, document, start, end, context);
  // Source actions only when asked for by kind (a "Source Action..." menu, fix-all on save).
  if (!context.only.empty() && wanted(context.only, "source.fixAll.tars"))
    add_fix_all_action(actions, path, document);
  add_context_actions(actions, path, context.only);
  return actions;
}

}  // namespace tars::server
