// textDocument/codeAction and codeAction/resolve: improvements touching the range,
// fix-all for the file, and approve / reject / roll back for files an open execution
// changed. Answered from the in-memory index: code actions come on every cursor move.
#include <algorithm>

#include "core/base/hash.h"
#include "server/lsp_server.h"

namespace tars::server {

using protocol::Params;

namespace {

// LSP kinds are hierarchical: "refactor" asks for "refactor.rewrite" too.
bool wanted(const json& only, const std::string& kind) {
  if (!only.is_array() || only.empty()) return true;
  for (const json& asked : only) {
    if (!asked.is_string()) continue;
    const std::string& prefix = asked.get_ref<const std::string&>();
    if (kind == prefix || kind.starts_with(prefix + ".")) return true;
  }
  return false;
}

// The client diagnostic in the request this improvement answers, if any: one of our
// hints for it, or one of the findings it was imported with, on the same line.
json answered_diagnostic(const Improvement& improvement, const json& context) {
  const json diagnostics = context.is_object() ? context.value("diagnostics", json()) : json();
  if (!diagnostics.is_array()) return nullptr;
  for (const json& d : diagnostics) {
    if (!d.is_object()) continue;
    if (d.value("source", json()) == "tars" && d.value("code", json()) == improvement.id) return d;
    json message = d.value("message", json());
    std::int64_t line = int_field(object_field(object_field(d, "range"), "start"), "line", -1);
    for (const Diagnostic& finding : improvement.diagnostics)
      if (finding.line - 1 == line && !finding.message.empty() && message.is_string() &&
          message.get_ref<const std::string&>().find(finding.message) != std::string::npos)
        return d;
  }
  return nullptr;
}

}  // namespace

json LspServer::make_action(const std::string& title, const std::string& kind, const json& command,
                            const std::string& disabled_reason) {
  if (!client_.literal_actions) return command;
  json action = {{"title", title}, {"kind", kind}};
  if (!disabled_reason.empty()) action["disabled"] = {{"reason", disabled_reason}};
  if (client_.resolve_command && client_.data_support)
    action["data"] = {{"command", command}};  // filled in by codeAction/resolve
  else
    action["command"] = command;
  return action;
}

json LspServer::resolve_code_action(const json& action) {
  json resolved = action;
  if (action.is_object() && action.contains("data") && action["data"].is_object() &&
      action["data"].contains("command"))
    resolved["command"] = action["data"]["command"];
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
                                        const json& context) {
  const json only = context.value("only", json());  // context is an object here
  for (std::size_t i : index_.touching(path, start, end)) {
    const Improvement& improvement = index_.improvements()[i];
    if (improvement.status != "pending") continue;
    std::string stale = stale_reason(improvement, path, document);
    if (!stale.empty() && !(client_.literal_actions && client_.disabled_support)) continue;
    json diagnostic = answered_diagnostic(improvement, context);
    std::string kind = diagnostic.is_null() ? "refactor.rewrite" : "quickfix";
    if (wanted(only, kind)) {
      json command = {{"title", "TARS: " + improvement.title},
                      {"command", "tars.execute"},
                      {"arguments", {{{"improvementId", improvement.id}}}}};
      json action = make_action(command["title"], kind, command, stale);
      if (!diagnostic.is_null() && client_.literal_actions) {
        action["diagnostics"] = json::array({diagnostic});
        action["isPreferred"] = true;
      }
      actions.push_back(action);
    }
    if (wanted(only, "refactor.rewrite")) {
      json preview = {{"title", "Preview (dry run): " + improvement.title},
                      {"command", "tars.execute"},
                      {"arguments", {{{"improvementId", improvement.id}, {"dryRun", true}}}}};
      actions.push_back(make_action(preview["title"], "refactor.rewrite", preview, stale));
    }
  }
}

void LspServer::add_fix_all_action(json& actions, const std::string& path, OpenDocument& document) {
  json ids = json::array();
  for (std::size_t i : index_.for_file(path)) {
    const Improvement& improvement = index_.improvements()[i];
    if (improvement.status == "pending" && stale_reason(improvement, path, document).empty())
      ids.push_back(improvement.id);
  }
  if (ids.empty()) return;
  std::string title =
      "TARS: apply all " + std::to_string(ids.size()) + " improvement(s) to " + path;
  json command = {
      {"title", title}, {"command", "tars.execute"}, {"arguments", {{{"improvementIds", ids}}}}};
  actions.push_back(make_action(title, "source.fixAll.tars", command, ""));
}

void LspServer::add_context_actions(json& actions, const std::string& path, const json& only) {
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
      json command = {{"title", title}, {"command", name}, {"arguments", {args}}};
      actions.push_back(make_action(title, kind, command, ""));
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

json LspServer::code_actions(const json& params) {
  refresh_index();
  Params p(params, "params");
  std::string uri = p.at("textDocument").at("uri").string();
  std::string path = path_of(uri);
  json context = object_field(params, "context");
  // Automatic requests (cursor moves) do no I/O: they use the contexts known so far.
  if (int_field(context, "triggerKind", 1) != 2) refresh_open_contexts();
  auto open = documents_.find(uri);
  OpenDocument closed;
  if (open == documents_.end()) closed.text = text_of(path);
  OpenDocument& document = open == documents_.end() ? closed : open->second;
  auto [start, end] = byte_range(p.at("range"), document.text);
  json actions = json::array();
  add_improvement_actions(actions, path, document, start, end, context);
  const json only = context.value("only", json());
  // Source actions only when asked for by kind (a "Source Action..." menu, fix-all on save).
  if (only.is_array() && !only.empty() && wanted(only, "source.fixAll.tars"))
    add_fix_all_action(actions, path, document);
  add_context_actions(actions, path, only);
  return actions;
}

}  // namespace tars::server
