#include "server/lsp_server.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/base/error.h"
#include "core/base/file_uri.h"
#include "core/execution/context_report.h"
#include "protocol/framing.h"

namespace tars::server {

using protocol::Params;
using protocol::RpcError;
using protocol::error_code::kInvalidParams;
using protocol::error_code::kInvalidRequest;
using protocol::error_code::kServerNotInitialized;

void Output::send(const std::string& body) {
  std::string frame = protocol::frame(body);
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t written = 0; written < frame.size();) {
    ssize_t n = ::write(STDOUT_FILENO, frame.data() + written, frame.size() - written);
    if (n <= 0) return;  // the client went away; stdin EOF ends the server
    written += static_cast<std::size_t>(n);
  }
}

LspServer::LspServer()
    : diagnostics_(
          [this](const json& params) { notify("textDocument/publishDiagnostics", params); }) {
  dispatcher_.set_request_gate([this](const std::string& method) {
    if (shutdown_) throw RpcError(kInvalidRequest, "the server is shutting down");
    if (!initialized_ && method != "initialize")
      throw RpcError(kServerNotInitialized, "the server is not initialized");
    if (initialized_ && method == "initialize")
      throw RpcError(kInvalidRequest, "the server is already initialized");
  });
  dispatcher_.on_request("initialize", [this](const json& p) { return initialize(p); });
  dispatcher_.on_request("shutdown", [this](const json&) {
    shutdown_ = true;
    return json();
  });
  dispatcher_.on_notification("exit", [this](const json&) { exit_requested_ = true; });
  dispatcher_.on_notification("textDocument/didOpen", [this](const json& p) { did_open(p); });
  dispatcher_.on_notification("textDocument/didChange", [this](const json& p) { did_change(p); });
  dispatcher_.on_notification("textDocument/didClose", [this](const json& p) {
    std::string uri = Params(p, "params").at("textDocument").at("uri").string();
    documents_.erase(uri);
    diagnostics_.forget_version(uri);
    diagnostics_.set("hints", uri, json::array());
  });
  dispatcher_.on_notification("textDocument/didSave", [this](const json& p) {
    if (!refresh_index()) publish_hints(Params(p, "params").at("textDocument").at("uri").string());
  });
  dispatcher_.on_request("textDocument/codeAction",
                         [this](const json& p) { return code_actions(p); });
  dispatcher_.on_request("codeAction/resolve",
                         [this](const json& p) { return resolve_code_action(p); });
  dispatcher_.on_request("workspace/executeCommand",
                         [this](const json& p) { return execute_command(p); });
  dispatcher_.on_notification("window/workDoneProgress/cancel", [this](const json& p) {
    const json& token = Params(p, "params").at("token").raw();
    cancel_progress(token.is_string() ? token.get<std::string>() : token.dump());
  });
  dispatcher_.on_request("tars/improvements",
                         [this](const json& p) { return improvements_request(p); });
  dispatcher_.on_request("tars/status", [this](const json& p) { return status_request(p); });
  dispatcher_.on_request("tars/review", [this](const json& p) { return review_request(p); });
}

void LspServer::handle(std::string_view body) {
  if (auto reply = dispatcher_.handle(body)) output_.send(*reply);
}

bool LspServer::tick() {
  dispatcher_.expire();
  auto now = std::chrono::steady_clock::now();
  if (engine_ && now - last_watch_ >= std::chrono::seconds(1)) {  // a store query: not per message
    last_watch_ = now;
    watch_contexts();
    fs::path improvements = engine_->workspace().improvements_dir();
    if (!watcher_->watching() && fs::is_directory(improvements))  // .tars/ was made since
      watcher_ = std::make_unique<DirectoryWatcher>(improvements);
  }
  if (client_pid_ > 0 && ::kill(client_pid_, 0) != 0 && errno == ESRCH) {
    spdlog::warn("the client process {} is gone", client_pid_);
    return false;
  }
  return true;
}

void LspServer::framing_error(const std::string& message) {
  spdlog::warn("framing error: {}", message);
  output_.send(protocol::error_body(nullptr, protocol::error_code::kParseError, message));
}

void LspServer::notify(const std::string& method, const json& params) {
  output_.send(protocol::notification_body(method, params));
}

void LspServer::show_message(int type, const std::string& message) {
  notify("window/showMessage", {{"type", type}, {"message", message}});
}

Engine& LspServer::engine() {
  if (!engine_) throw RpcError(kServerNotInitialized, "no workspace");
  return *engine_;
}

namespace {

std::string decode_uri_path(std::string_view uri) {
  std::optional<std::string> path = uri.starts_with("file://") ? path_of_uri(uri) : std::nullopt;
  if (!path) throw RpcError(kInvalidParams, "only file:// URIs are supported: " + std::string(uri));
  return *path;
}

}  // namespace

bool bool_field(const json& object, const char* key, bool fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_boolean()) return fallback;
  return object[key].get<bool>();
}

std::int64_t int_field(const json& object, const char* key, std::int64_t fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number_integer())
    return fallback;
  return object[key].get<std::int64_t>();
}

json object_field(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_object() ? object[key]
                                                                               : json::object();
}

json range_json(TextPosition start, TextPosition end) {
  return {{"start", {{"line", start.line}, {"character", start.character}}},
          {"end", {{"line", end.line}, {"character", end.character}}}};
}

std::string LspServer::uri_of(const std::string& relative) const {
  return uri_of_path((engine_->workspace().root() / relative).string());
}

std::string LspServer::path_of(const std::string& uri) const {
  return engine_->workspace().relative(engine_->workspace().resolve(decode_uri_path(uri)));
}

std::string LspServer::text_of(const std::string& relative) const {
  auto open = documents_.find(uri_of(relative));
  if (open != documents_.end()) return open->second.text;
  return engine_->workspace().open(relative).read().value_or("");
}

std::pair<std::size_t, std::size_t> LspServer::byte_range(const Params& range,
                                                          std::string_view text) const {
  auto offset = [&](const char* key) {
    Params at = range.at(key);
    return offset_at(
        text,
        {static_cast<int>(at.at("line").integer()), static_cast<int>(at.at("character").integer())},
        encoding_);
  };
  std::size_t start = offset("start");
  return {start, std::max(start, offset("end"))};
}

void LspServer::read_client_capabilities(const json& capabilities) {
  json encodings = object_field(capabilities, "general")["positionEncodings"];
  if (encodings.is_array())
    for (const auto& offered : encodings)
      if (offered == "utf-8") encoding_ = PositionEncoding::Utf8;
  json code_action = object_field(object_field(capabilities, "textDocument"), "codeAction");
  client_.literal_actions = code_action.contains("codeActionLiteralSupport");
  client_.disabled_support = bool_field(code_action, "disabledSupport", false);
  client_.data_support = bool_field(code_action, "dataSupport", false);
  json resolvable = object_field(code_action, "resolveSupport")["properties"];
  client_.resolve_command = resolvable.is_array() && std::find(resolvable.begin(), resolvable.end(),
                                                               "command") != resolvable.end();
  json window = object_field(capabilities, "window");
  client_.work_done_progress = bool_field(window, "workDoneProgress", false);
  client_.message_actions = object_field(window, "showMessage").contains("messageActionItem");
}

json LspServer::initialize(const json& params) {
  Params p(params, "params");
  std::string root;
  if (p.has("workspaceFolders") && p.at("workspaceFolders").raw().is_array() &&
      !p.at("workspaceFolders").raw().empty())
    root = decode_uri_path(
        Params(p.at("workspaceFolders").raw()[0], "params.workspaceFolders[0]").at("uri").string());
  else if (p.has("rootUri"))
    root = decode_uri_path(p.at("rootUri").string());
  else if (p.has("rootPath"))
    root = p.at("rootPath").string();
  else
    throw RpcError(kInvalidParams, "params.rootUri or params.workspaceFolders is required");
  try {
    engine_ = std::make_unique<Engine>(Workspace(root));
  } catch (const Error& e) {
    throw RpcError(kInvalidParams, e.what());
  }
  read_client_capabilities(object_field(params, "capabilities"));
  client_pid_ = static_cast<int>(int_field(params, "processId", 0));
  json options = object_field(params, "initializationOptions");
  default_validate_ = bool_field(options, "validate", true);
  default_auto_rollback_ = bool_field(options, "autoRollback", true);
  hints_ = bool_field(options, "hints", false);
  initialized_ = true;
  watcher_ = std::make_unique<DirectoryWatcher>(engine_->workspace().improvements_dir());
  watcher_->take_change();  // what it flags until now is read right here
  reload_index();
  refresh_open_contexts();
  watch_contexts();
  for (const std::string& id : engine_->recovered())
    show_message(2, "TARS rolled back execution " + id + ", which was interrupted");
  return {{"capabilities",
           {{"positionEncoding", encoding_ == PositionEncoding::Utf8 ? "utf-8" : "utf-16"},
            {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", true}}},
            {"codeActionProvider",
             {{"codeActionKinds",
               {"quickfix", "refactor.rewrite", "refactor.tars", "source.fixAll.tars"}},
              {"resolveProvider", true}}},
            {"executeCommandProvider",
             {{"commands",
               {"tars.execute", "tars.rollback", "tars.approve", "tars.reject", "tars.review"}}}}}},
          {"serverInfo", {{"name", "tars-lsp"}, {"version", "0.1.0"}}}};
}

void LspServer::did_open(const json& params) {
  Params document = Params(params, "params").at("textDocument");
  std::string uri = document.at("uri").string();
  std::int64_t version = document.has("version") ? document.at("version").integer() : 0;
  documents_[uri] = {document.at("text").string(), version, ""};
  diagnostics_.set_version(uri, version);
  publish_hints(uri);
}

void LspServer::did_change(const json& params) {
  Params p(params, "params");
  std::string uri = p.at("textDocument").at("uri").string();
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  OpenDocument& document = it->second;
  for (const json& change : p.at("contentChanges").raw()) {
    Params c(change, "params.contentChanges[]");
    if (!c.has("range")) {
      document.text = c.at("text").string();
      continue;
    }
    auto [start, end] = byte_range(c.at("range"), document.text);
    document.text.replace(start, end - start, c.at("text").string());
  }
  document.hash.clear();
  if (p.at("textDocument").has("version")) {
    document.version = p.at("textDocument").at("version").integer();
    diagnostics_.set_version(uri, document.version);
  }
}

// Reads the improvement files only after they changed (whoever wrote them) or an
// execution changed a status. True when it reloaded.
bool LspServer::refresh_index() {
  bool changed = watcher_ && watcher_->take_change();
  if (statuses_changed_.exchange(false)) changed = true;
  if (changed) reload_index();
  return changed;
}

void LspServer::reload_index() {
  if (!engine_) return;
  index_.rebuild(engine_->list_improvements().improvements);
  for (const auto& [uri, document] : documents_) publish_hints(uri);
}

// Optional (initializationOptions.hints): a Hint where a pending improvement applies, so
// editors show it without a code action request; its quick fix executes the improvement.
void LspServer::publish_hints(const std::string& uri) {
  if (!hints_ || !engine_) return;
  auto open = documents_.find(uri);
  if (open == documents_.end()) return;
  std::string path = path_of(uri);
  json hints = json::array();
  for (std::size_t i : index_.for_file(path)) {
    const Improvement& improvement = index_.improvements()[i];
    if (improvement.status != "pending" || !stale_reason(improvement, path, open->second).empty())
      continue;
    for (const FileChange& change : improvement.changes) {
      if (change.path != path || change.edits.empty()) continue;
      const TextEdit& edit = change.edits.front();
      std::size_t at = std::min(edit.offset, open->second.text.size());
      TextPosition start = position_at(open->second.text, at, encoding_);
      TextPosition end =
          position_at(open->second.text,
                      std::min(at + edit.old_text.size(), open->second.text.size()), encoding_);
      hints.push_back({{"range", range_json(start, end)},
                       {"severity", 4},
                       {"source", "tars"},
                       {"code", improvement.id},
                       {"message", "TARS improvement available: " + improvement.title}});
    }
  }
  diagnostics_.set("hints", uri, hints);
}

json LspServer::improvements_request(const json&) {
  reload_index();
  json list = json::array();
  for (const Improvement& improvement : index_.improvements()) {
    json files = json::array();
    for (const FileChange& change : improvement.changes) files.push_back(change.path);
    list.push_back({{"id", improvement.id},
                    {"title", improvement.title},
                    {"source", improvement.source},
                    {"status", improvement.status},
                    {"files", files}});
  }
  return {{"improvements", list}};
}

json LspServer::status_request(const json& params) {
  try {
    if (params.is_object() && params.contains("contextId"))
      return context_detail_json(engine().detail(Params(params, "params").at("contextId").string()),
                                 false);
    return contexts_json(engine().contexts());
  } catch (const Error& e) {
    throw RpcError(kInvalidParams, e.what());
  }
}

json LspServer::review_request(const json& params) {
  std::string context_id = Params(params, "params").at("contextId").string();
  json files = json::array();
  try {
    for (const FileReview& file : engine().review(context_id))
      files.push_back({{"uri", uri_of(file.new_path)},
                       {"path", file.new_path},
                       {"originalPath", file.path},
                       {"kind", file.kind},
                       {"transactionId", file.transaction_id},
                       {"originalExists", file.original_exists},
                       {"currentExists", file.current_exists},
                       {"state", file.state},
                       {"original", file.original},
                       {"current", file.current},
                       {"diff", file.diff}});
  } catch (const Error& e) {
    throw RpcError(kInvalidParams, e.what());
  }
  return {{"contextId", context_id}, {"files", files}};
}

}  // namespace tars::server
