// What executions leave behind, whoever ran them: validation findings published as
// diagnostics (cleared when a person closes the context), tars/contextChanged and
// tars/filesChanged notifications, and the contexts changed by another process (tarscli).
#include "core/base/file_uri.h"
#include "server/lsp_server.h"

namespace tars::server {

namespace {

int lsp_severity(const std::string& severity) {
  if (severity == "warning") return 2;
  if (severity == "info") return 3;
  if (severity == "hint") return 4;
  return 1;
}

// Where a finding (1-based line and byte column; column 0: the whole line) is in `text`.
protocol::Range finding_range(const std::string& text, const Diagnostic& d,
                              PositionEncoding encoding) {
  std::size_t line_start = offset_at(text, {std::max(0, d.line - 1), 0}, PositionEncoding::Utf8);
  std::size_t at =
      std::min(text.size(), line_start + static_cast<std::size_t>(std::max(0, d.column - 1)));
  TextPosition start = position_at(text, at, encoding);
  TextPosition end = d.column > 0 ? TextPosition{start.line, start.character + 1}
                                  : position_at(text, text.find('\n', line_start), encoding);
  return lsp_range(start, end);
}

}  // namespace

void LspServer::publish_validation(const std::string& context_id) {
  std::string improvement_id = engine_->context(context_id).improvement_id;
  json related = {
      {{"location",
        {{"uri", uri_of_path((engine_->workspace().improvements_dir() / (improvement_id + ".json"))
                                 .string())},
         {"range", lsp_range({0, 0}, {0, 0})}}},
       {"message", "from executing improvement " + improvement_id + " (" + context_id + ")"}}};
  std::map<std::string, json> by_uri;
  for (const ValidationRecord& record : engine_->store().validations(context_id)) {
    if (record.status == ValidationStatus::Passed || record.status == ValidationStatus::Skipped)
      continue;
    for (const Diagnostic& d : record.diagnostics) {
      if (d.path.empty() || d.path.front() == '/') continue;  // outside the workspace
      std::string text = engine_->workspace().open(d.path).read().value_or("");
      protocol::Diagnostic diagnostic{.range = finding_range(text, d, encoding_),
                                      .severity = lsp_severity(d.severity),
                                      .source = "tars",
                                      .code = d.code,
                                      .message = record.name + ": " + d.message,
                                      .related_information = related};
      by_uri[uri_of(d.path)].push_back(diagnostic);
    }
  }
  for (auto& [uri, diagnostics] : by_uri)
    diagnostics_.set("context:" + context_id, uri, std::move(diagnostics));
}

void LspServer::clear_diagnostics(const std::string& context_id) {
  diagnostics_.clear("context:" + context_id);
}

void LspServer::after_change(const std::string& context_id) {
  statuses_changed_ = true;
  refresh_open_contexts();
  notify_context(context_id);
}

// Approved, rejected or rolled back from the editor: its findings no longer apply.
void LspServer::after_close(const std::string& context_id) {
  clear_diagnostics(context_id);
  after_change(context_id);
}

// Contexts changed by anyone — tarscli included — are announced, so editors refresh;
// diagnostics of contexts that are over are cleared.
void LspServer::watch_contexts() {
  bool first = !contexts_watched_;
  contexts_watched_ = true;
  std::vector<ContextRecord> contexts = engine_->contexts();  // newest first
  std::map<std::string, ContextStatus> now;
  for (const ContextRecord& context : contexts) now[context.id] = context.status;
  bool changed = false;
  // Oldest first: when several changed since the last look, the newest is notified last,
  // so an editor showing the last context it heard of shows the newest.
  for (auto context = contexts.rbegin(); context != contexts.rend(); ++context) {
    const std::string& id = context->id;
    ContextStatus status = context->status;
    auto known = known_contexts_.find(id);
    if (first || (known != known_contexts_.end() && known->second == status)) continue;
    changed = true;
    // Closed by a person (approved, rejected, rolled back); an auto-rollback straight from
    // running keeps its findings: they say why.
    bool closed = status == ContextStatus::RolledBack || status == ContextStatus::Approved ||
                  status == ContextStatus::Rejected;
    if (closed && known != known_contexts_.end() && known->second != ContextStatus::Running)
      clear_diagnostics(id);
    notify_context(id);
  }
  known_contexts_ = std::move(now);
  if (changed) {
    statuses_changed_ = true;
    refresh_open_contexts();
  }
}

void LspServer::notify_context(const std::string& context_id) {
  ContextRecord context = engine_->context(context_id);
  notify("tars/contextChanged", {{"contextId", context_id}, {"status", to_string(context.status)}});
  json uris = json::array();
  for (const FileOpRecord& op : engine_->store().file_ops(context_id)) {
    uris.push_back(uri_of(op.path));
    if (!op.new_path.empty()) uris.push_back(uri_of(op.new_path));
  }
  notify("tars/filesChanged", {{"contextId", context_id}, {"uris", uris}});
}

}  // namespace tars::server
