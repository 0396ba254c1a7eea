#pragma once
// Routes JSON-RPC messages through one table of handlers — methods, notifications and
// workspace/executeCommand commands — as rust-analyzer's lsp-server and clangd's
// LSPBinder do: one call per incoming body (or per read's batch), replies handed back.
// Responses to the server's own requests are matched to their callbacks by id. Not
// thread-safe: it lives on the event loop.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/framing.h"
#include "protocol/jsonrpc.h"

namespace tars::protocol {

class Dispatcher {
 public:
  using RequestHandler = std::function<json(const json& params)>;  // throws RpcError
  using NotificationHandler = std::function<void(const json& params)>;
  using CommandHandler = std::function<json(const json& argument)>;  // arguments[0], or {}
  using ResponseHandler = std::function<void(const Message& response)>;
  using Reply = std::function<void(std::string body)>;
  // A request answered later (MCP's tools/call runs on a worker): the handler keeps the id
  // and sends response_body(id, ...) itself. An RpcError it throws is answered at once.
  using DeferredHandler = std::function<void(const json& id, const json& params)>;

  // The table (typed handlers are bound through protocol/binder.h).
  void on_request(const std::string& method, RequestHandler handler);
  void on_notification(const std::string& method, NotificationHandler handler);
  void on_deferred_request(const std::string& method, DeferredHandler handler);
  void on_command(const std::string& command, CommandHandler handler);
  const std::vector<std::string>& commands() const { return command_names_; }  // bound order
  // Errors answering a message whose id is unknown (malformed JSON) carry "id": null, as
  // JSON-RPC 2.0 and LSP want, unless told to leave it out, as MCP's schema wants.
  void set_null_id_on_errors(bool with_null_id) { null_id_on_errors_ = with_null_id; }
  // Runs before every request handler; may throw RpcError (e.g. ServerNotInitialized).
  void set_request_gate(std::function<void(const std::string& method)> gate);

  // Handles one frame body; the reply body for requests and malformed input.
  std::optional<std::string> handle(std::string_view body);
  // The frames of one read: $/cancelRequest first, so a request cancelled in the same read
  // is answered RequestCancelled instead of being run; then the rest in order, each reply
  // handed to `reply` as soon as it is made. Stops before a message once `stop()` is true.
  void handle_batch(std::vector<FrameResult> batch, const Reply& reply,
                    const std::function<bool()>& stop);

  // A request of the server's own: its body, with `on_response` called when the reply
  // arrives, or with a RequestFailed error once `timeout` passed (see expire()). At most
  // `max_pending` wait at once (the oldest is answered with an error past that).
  std::string request(const std::string& method, const json& params, ResponseHandler on_response,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  std::size_t pending_requests() const { return pending_.size(); }
  // When the next of them times out, if any waits.
  std::optional<std::chrono::steady_clock::time_point> next_deadline() const;
  // Answers the requests whose time is up with an error.
  void expire(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
  // $/cancelRequest: a request with this id not handled yet is answered RequestCancelled.
  void cancel(const json& id);

 private:
  using Incoming = std::variant<Message, std::string>;  // a message, or the error to answer
  Incoming read(std::string_view body) const;
  std::optional<std::string> handle_message(const Message& message);
  std::optional<std::string> handle_request(const Message& message);
  void handle_notification(const Message& message);
  void handle_response(const Message& message);
  json execute_command(const json& params);

  std::map<std::string, RequestHandler> requests_;
  std::map<std::string, DeferredHandler> deferred_;
  std::map<std::string, NotificationHandler> notifications_;
  std::map<std::string, CommandHandler> commands_;
  std::vector<std::string> command_names_;
  std::function<void(const std::string&)> gate_;
  bool null_id_on_errors_ = true;

  struct Pending {
    ResponseHandler on_response;
    std::chrono::steady_clock::time_point deadline;
  };
  void fail_pending(std::map<std::int64_t, Pending>::iterator it, const std::string& why);

  std::map<std::int64_t, Pending> pending_;  // by id; the smallest is the oldest
  std::vector<json> cancelled_;              // ids of requests cancelled before handling
  std::int64_t next_id_ = 1;
  std::size_t max_pending_ = 64;
};

}  // namespace tars::protocol
