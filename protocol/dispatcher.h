#pragma once
// Routes JSON-RPC messages to typed handlers, as rust-analyzer's lsp-server does:
// one call per incoming frame body, returning the reply body (if any). Responses to
// the server's own requests are matched to their callbacks by id.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.h"

namespace tars::protocol {

class Dispatcher {
 public:
  using RequestHandler = std::function<json(const json& params)>;  // throws RpcError
  using NotificationHandler = std::function<void(const json& params)>;
  using ResponseHandler = std::function<void(const Message& response)>;

  void on_request(const std::string& method, RequestHandler handler);
  void on_notification(const std::string& method, NotificationHandler handler);
  // Runs before every request handler; may throw RpcError (e.g. ServerNotInitialized).
  void set_request_gate(std::function<void(const std::string& method)> gate);

  // Handles one frame body; the reply body for requests and malformed input.
  std::optional<std::string> handle(std::string_view body);

  // A request of the server's own: its body, with `on_response` called when the reply
  // arrives, or with a RequestFailed error once `timeout` passed (see expire()). At most
  // `max_pending` wait at once (the oldest is answered with an error past that).
  std::string request(const std::string& method, const json& params, ResponseHandler on_response,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  std::size_t pending_requests() const { return pending_.size(); }
  // Answers the requests whose time is up with an error; call it now and then.
  void expire(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
  // $/cancelRequest: a request with this id not handled yet is answered RequestCancelled.
  void cancel(const json& id);

 private:
  std::optional<std::string> handle_request(const Message& message);
  void handle_notification(const Message& message);
  void handle_response(const Message& message);

  std::map<std::string, RequestHandler> requests_;
  std::map<std::string, NotificationHandler> notifications_;
  std::function<void(const std::string&)> gate_;
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
