// The server's lifecycle and handler table: initialize (protocol revision negotiated),
// ping, logging/setLevel, tools/list, tools/call on the pool, notifications/cancelled.
#include "mcp/mcp_server.h"

#include <spdlog/spdlog.h>

#include "mcp/tool_catalog.h"
#include "protocol/binder.h"
#include "version/version.h"

namespace tars::mcp {

using protocol::RpcError;
namespace error_code = protocol::error_code;
namespace types = protocol::mcp;

namespace {

constexpr const char* kInstructions =
    "TARS applies your code changes the way a database applies writes: journaled, validated "
    "by the workspace's checks and tests, and reversible per change, while a person reviews "
    "them. Do not write workspace files yourself: propose_change records a change and answers "
    "the diff TARS will apply; execute applies it, runs the validation and rolls back what "
    "fails, answering its diagnostics as file:line: message; what passes waits in "
    "awaiting_review until a person approves it. status, review and rollback follow an "
    "execution context.";

}  // namespace

McpServer::McpServer(protocol::Transport& transport, Engine& engine)
    : transport_(transport),
      engine_(engine),
      tools_(engine),
      log_rank_(types::log_level_rank("info")) {
  bind_handlers();
}

McpServer::~McpServer() {
  stop("the server ends");
  calls_.join();
}

void McpServer::bind_handlers() {
  dispatcher_.set_request_gate([this](const std::string& method) { check_request(method); });
  dispatcher_.set_null_id_on_errors(false);  // MCP has no null id
  protocol::Binder bind(dispatcher_);
  bind.method("initialize", this, &McpServer::initialize);
  bind.method<json>("ping", [](const json&) { return json::object(); });
  bind.notification<json>("notifications/initialized", [this](const json&) {
    for (const std::string& id : engine_.recovered())
      log("warning", "TARS rolled back execution " + id + ", which was interrupted");
  });
  bind.method("logging/setLevel", this, &McpServer::set_log_level);
  bind.method<json>("tools/list", [](const json&) { return json{{"tools", tool_catalog()}}; });
  bind.deferred_method<types::CallToolParams>(
      "tools/call",
      [this](const json& id, const types::CallToolParams& params) { call_tool(id, params); });
  bind.notification<types::CancelledParams>(
      "notifications/cancelled",
      [this](const types::CancelledParams& params) { calls_.cancel(params.request_id); });
}

void McpServer::check_request(const std::string& method) const {
  if (method == "ping") return;
  if (!initialized_ && method != "initialize")
    throw RpcError(error_code::kInvalidRequest, "the server is not initialized: send initialize");
  if (initialized_ && method == "initialize")
    throw RpcError(error_code::kInvalidRequest, "the server is already initialized");
}

void McpServer::start() {
  transport_.start(*this);
}

void McpServer::stop(const char* why) {
  if (stopped_) return;
  stopped_ = true;
  spdlog::info("exiting ({})", why);
  transport_.stop();
  calls_.cancel_all();
}

void McpServer::on_messages(std::vector<protocol::FrameResult> batch) {
  for (const protocol::FrameResult& frame : batch)
    if (auto* error = std::get_if<protocol::FramingError>(&frame))
      spdlog::warn("framing error: {}", error->message);  // answered as a ParseError
  dispatcher_.handle_batch(
      std::move(batch), [this](std::string reply) { transport_.send(std::move(reply)); },
      [this] { return stopped_; });
}

void McpServer::on_close() {
  stop("end of input");
}

json McpServer::initialize(const types::InitializeParams& params) {
  initialized_ = true;
  std::string version = types::negotiate_protocol_version(params.protocol_version);
  spdlog::info("initialize from {} {}: protocol {} (asked for {})", params.client_info.name,
               params.client_info.version, version, params.protocol_version);
  return {{"protocolVersion", version},
          {"capabilities", {{"tools", {{"listChanged", false}}}, {"logging", json::object()}}},
          {"serverInfo", {{"name", "tars-mcp"}, {"title", "TARS"}, {"version", release_version()}}},
          {"instructions", kInstructions}};
}

json McpServer::set_log_level(const types::SetLevelParams& params) {
  log_rank_ = types::log_level_rank(params.level);
  return json::object();
}

void McpServer::call_tool(const json& id, const types::CallToolParams& params) {
  if (!Tools::has(params.name))
    throw RpcError(error_code::kInvalidParams, "Unknown tool: " + params.name);
  bool started = calls_.run(
      id,
      [this, id, params](const std::atomic<bool>& cancel) { return run_tool(id, params, cancel); },
      [this](std::string body) { transport_.send(std::move(body)); });
  if (!started)
    throw RpcError(error_code::kInvalidRequest, "request " + id.dump() + " is still running");
}

// On a worker: the tool, its progress notifications, its result.
std::string McpServer::run_tool(const json& id, const types::CallToolParams& params,
                                const std::atomic<bool>& cancel) {
  CallContext context;
  context.cancel = &cancel;
  context.log = [this](const std::string& level, const std::string& message) {
    log(level, message);
  };
  if (!params.progress_token.is_null())
    context.progress = [this, token = params.progress_token](double progress, double total,
                                                             const std::string& message) {
      notify("notifications/progress", {{"progressToken", token},
                                        {"progress", progress},
                                        {"total", total},
                                        {"message", message}});
    };
  spdlog::debug("tools/call {} {}", params.name, params.arguments.dump());
  try {
    return protocol::response_body(id,
                                   to_json(tools_.call(params.name, params.arguments, context)));
  } catch (const std::exception& e) {
    spdlog::error("tools/call {} failed: {}", params.name, e.what());
    return protocol::error_body(id, error_code::kInternalError, e.what());
  }
}

void McpServer::log(const std::string& level, const std::string& message) {
  spdlog::debug("{}: {}", level, message);
  if (types::log_level_rank(level) < log_rank_) return;
  notify("notifications/message", {{"level", level}, {"logger", "tars"}, {"data", message}});
}

void McpServer::notify(const std::string& method, const json& params) {
  transport_.send(protocol::notification_body(method, params));
}

}  // namespace tars::mcp
