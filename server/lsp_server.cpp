// The server's lifecycle: the handler table, initialize / shutdown / exit, the transport's
// batches, the timers (the client's process, contexts changed elsewhere, the server's own
// requests), and the helpers every part uses.
#include "server/lsp_server.h"

#include <signal.h>

#include <spdlog/spdlog.h>

#include "core/base/error.h"
#include "core/base/file_uri.h"
#include "protocol/binder.h"
#include "server/health.h"
#include "version/version.h"

namespace tars::server {

using protocol::RpcError;
using protocol::error_code::kInvalidParams;
using protocol::error_code::kInvalidRequest;
using protocol::error_code::kServerNotInitialized;

LspServer::LspServer(protocol::Transport& transport, asio::io_context& loop)
    : transport_(transport),
      loop_(loop),
      diagnostics_(
          [this](const json& params) { notify("textDocument/publishDiagnostics", params); }),
      client_watch_(loop),
      context_watch_(loop),
      request_timeouts_(loop) {
  bind_handlers();
}

LspServer::~LspServer() {
  stop("the server ends");
  stop_executions();
}

void LspServer::bind_handlers() {
  dispatcher_.set_request_gate([this](const std::string& method) { check_request(method); });
  protocol::Binder bind(dispatcher_);
  bind.method("initialize", this, &LspServer::initialize);
  bind.method<json>("shutdown", [this](const json&) {
    shutdown_ = true;
    return json();
  });
  bind.notification<json>("exit", [this](const json&) { exit_requested_ = true; });
  bind.notification("textDocument/didOpen", this, &LspServer::did_open);
  bind.notification("textDocument/didChange", this, &LspServer::did_change);
  bind.notification("textDocument/didClose", this, &LspServer::did_close);
  bind.notification("textDocument/didSave", this, &LspServer::did_save);
  bind.method("textDocument/codeAction", this, &LspServer::code_actions);
  bind.method("codeAction/resolve", this, &LspServer::resolve_code_action);
  bind.notification("window/workDoneProgress/cancel", this, &LspServer::cancel_progress);
  bind.method("tars/improvements", this, &LspServer::improvements_request);
  bind.method("tars/status", this, &LspServer::status_request);
  bind.method("tars/review", this, &LspServer::review_request);
  bind.method<json>("tars/health", [this](const json&) { return health_report(engine()); });
  bind_commands();
}

void LspServer::check_request(const std::string& method) const {
  if (shutdown_) throw RpcError(kInvalidRequest, "the server is shutting down");
  if (!initialized_ && method != "initialize")
    throw RpcError(kServerNotInitialized, "the server is not initialized");
  if (initialized_ && method == "initialize")
    throw RpcError(kInvalidRequest, "the server is already initialized");
}

void LspServer::start() {
  transport_.start(*this);
  client_watch_.every(std::chrono::seconds(1), [this] { watch_client(); });
  context_watch_.every(std::chrono::seconds(1), [this] {
    if (!engine_) return;
    watch_contexts();  // a store query: once a second, not per message
    fs::path improvements = engine_->workspace().improvements_dir();
    if (!watcher_->watching() && fs::is_directory(improvements))  // .tars/ was made since
      watcher_ = std::make_unique<DirectoryWatcher>(loop_, improvements);
  });
}

void LspServer::on_messages(std::vector<protocol::FrameResult> batch) {
  for (const protocol::FrameResult& frame : batch)
    if (auto* error = std::get_if<protocol::FramingError>(&frame))
      spdlog::warn("framing error: {}", error->message);  // answered as a ParseError
  dispatcher_.handle_batch(
      std::move(batch), [this](std::string reply) { transport_.send(std::move(reply)); },
      [this] { return exit_requested_; });
  if (exit_requested_) stop("exit notification");
}

void LspServer::on_close() {
  stop("end of input");
}

// Nothing is left for the loop to wait for but the output still queued.
void LspServer::stop(const char* why) {
  if (stopped_) return;
  stopped_ = true;
  spdlog::info("exiting ({})", why);
  transport_.stop();
  client_watch_.cancel();
  context_watch_.cancel();
  request_timeouts_.cancel();
  watcher_.reset();
  // No reply can arrive now: an execution waiting for one (its progress token) goes on.
  dispatcher_.expire(std::chrono::steady_clock::time_point::max());
}

// LSP: the server exits when the process named in initialize is gone.
void LspServer::watch_client() {
  if (client_pid_ > 0 && ::kill(client_pid_, 0) != 0 && errno == ESRCH) {
    spdlog::warn("the client process {} is gone", client_pid_);
    stop("the client is gone");
  }
}

void LspServer::send_request(const std::string& method, const json& params,
                             protocol::Dispatcher::ResponseHandler on_response,
                             std::chrono::milliseconds timeout) {
  transport_.send(dispatcher_.request(method, params, std::move(on_response), timeout));
  arm_request_timeout();
}

void LspServer::arm_request_timeout() {
  auto next = dispatcher_.next_deadline();
  if (!next || stopped_) return;
  request_timeouts_.at(*next, [this] {
    dispatcher_.expire();
    arm_request_timeout();
  });
}

void LspServer::notify(const std::string& method, const json& params) {
  transport_.send(protocol::notification_body(method, params));
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

protocol::Range lsp_range(TextPosition start, TextPosition end) {
  return {{start.line, start.character}, {end.line, end.character}};
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

std::string LspServer::workspace_root(const protocol::InitializeParams& params) const {
  if (!params.workspace_folders.empty()) return decode_uri_path(params.workspace_folders[0].uri);
  if (params.root_uri) return decode_uri_path(*params.root_uri);
  if (params.root_path) return *params.root_path;
  throw RpcError(kInvalidParams, "params.rootUri or params.workspaceFolders is required");
}

json LspServer::initialize(const protocol::InitializeParams& params) {
  std::string root = workspace_root(params);
  try {
    engine_ = std::make_unique<Engine>(Workspace(root));
  } catch (const Error& e) {
    throw RpcError(kInvalidParams, e.what());
  }
  client_ = params.capabilities;
  for (const std::string& offered : client_.position_encodings)
    if (offered == "utf-8") encoding_ = PositionEncoding::Utf8;
  client_pid_ = static_cast<int>(params.process_id);
  auto options = protocol::parse<InitializationOptions>(params.initialization_options,
                                                        "params.initializationOptions");
  default_validate_ = options.validate;
  default_auto_rollback_ = options.auto_rollback;
  hints_ = options.hints;
  initialized_ = true;
  watcher_ = std::make_unique<DirectoryWatcher>(loop_, engine_->workspace().improvements_dir());
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
            {"executeCommandProvider", {{"commands", dispatcher_.commands()}}}}},
          {"serverInfo", {{"name", "tars-lsp"}, {"version", release_version()}}}};
}

}  // namespace tars::server
