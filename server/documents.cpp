// Open documents (didOpen / didChange / didClose / didSave) and the improvement index
// answering code actions: reloaded when the improvements directory or a status changed,
// with optional hints where a pending improvement applies.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/lsp_server.h"

namespace tars::server {

void LspServer::did_open(const protocol::DidOpenTextDocumentParams& params) {
  const protocol::TextDocumentItem& document = params.text_document;
  documents_[document.uri] = {document.text, document.version, ""};
  diagnostics_.set_version(document.uri, document.version);
  publish_hints(document.uri);
}

void LspServer::did_change(const protocol::DidChangeTextDocumentParams& params) {
  const std::string& uri = params.text_document.uri;
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  OpenDocument& document = it->second;
  for (const protocol::TextDocumentContentChangeEvent& change : params.content_changes) {
    if (!change.range) {
      document.text = change.text;
      continue;
    }
    auto [start, end] = byte_range(*change.range, document.text);
    document.text.replace(start, end - start, change.text);
  }
  document.hash.clear();
  if (params.text_document.version) {
    document.version = *params.text_document.version;
    diagnostics_.set_version(uri, document.version);
  }
}

void LspServer::did_close(const protocol::TextDocumentParams& params) {
  const std::string& uri = params.text_document.uri;
  documents_.erase(uri);
  diagnostics_.forget_version(uri);
  diagnostics_.set("hints", uri, json::array());
}

void LspServer::did_save(const protocol::TextDocumentParams& params) {
  if (!refresh_index()) publish_hints(params.text_document.uri);
}

std::pair<std::size_t, std::size_t> LspServer::byte_range(const protocol::Range& range,
                                                          std::string_view text) const {
  auto offset = [&](const protocol::Position& at) {
    return offset_at(text, {static_cast<int>(at.line), static_cast<int>(at.character)}, encoding_);
  };
  std::size_t start = offset(range.start);
  return {start, std::max(start, offset(range.end))};
}

// Reads the improvement files only after they changed (whoever wrote them) or an
// execution changed a status. True when it reloaded.
bool LspServer::refresh_index() {
  bool changed = watcher_ && watcher_->take_change();
  if (statuses_changed_.exchange(false)) changed = true;
  if (changed) reload_index();
  return changed;
}

// Summaries only (no improvement file is read): a file's improvements are read when it is
// first asked about.
void LspServer::reload_index() {
  if (!engine_) return;
  index_.rebuild(engine_->list_improvements().improvements,
                 [this](const std::string& id) -> std::optional<Improvement> {
                   try {
                     return engine_->improvement(id);
                   } catch (const Error& e) {
                     spdlog::warn("cannot read improvement {}: {}", id, e.what());
                     return std::nullopt;
                   }
                 });
  for (const auto& [uri, document] : documents_) publish_hints(uri);
}

// Optional (initializationOptions.hints): a Hint where a pending improvement applies, so
// editors show it without a code action request; its quick fix executes the improvement.
void LspServer::publish_hints(const std::string& uri) {
  if (!hints_ || !engine_) return;
  auto open = documents_.find(uri);
  if (open == documents_.end()) return;
  const std::string& text = open->second.text;
  std::string path = path_of(uri);
  json hints = json::array();
  for (std::size_t i : index_.for_file(path)) {
    if (index_.improvements()[i].status != improvement_status::kPending) continue;
    const Improvement& improvement = index_.full(i);
    if (!stale_reason(improvement, path, open->second).empty()) continue;
    for (const FileChange& change : improvement.changes) {
      if (change.path != path || change.edits.empty()) continue;
      const TextEdit& edit = change.edits.front();
      std::size_t at = std::min(edit.offset, text.size());
      std::size_t end = std::min(at + edit.old_text.size(), text.size());
      protocol::Diagnostic hint;
      hint.range = lsp_range(position_at(text, at, encoding_), position_at(text, end, encoding_));
      hint.severity = 4;
      hint.source = "tars";
      hint.code = improvement.id;
      hint.message = "TARS improvement available: " + improvement.title;
      hints.push_back(hint);
    }
  }
  diagnostics_.set("hints", uri, hints);
}

}  // namespace tars::server
