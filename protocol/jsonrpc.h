#pragma once
// protocol/: JSON-RPC 2.0 and the LSP base protocol, with no product logic and no core/
// include, so any server speaking JSON-RPC (tars-lsp, a later MCP server) can stand on it:
// framing, transports (stdio, in memory), protocol structs, the dispatcher and its binder.
//
// This header: JSON-RPC 2.0 messages as LSP uses them: parsing a frame body into a request,
// notification or response, and building the replies.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tars::protocol {

using nlohmann::json;

namespace error_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestCancelled = -32800;
inline constexpr int kRequestFailed = -32803;
}  // namespace error_code

// An error answered to the client with its code.
class RpcError : public std::runtime_error {
 public:
  RpcError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

enum class MessageKind { Request, Notification, Response };

struct Message {
  MessageKind kind = MessageKind::Notification;
  json id;  // requests and responses
  std::string method;
  json params;  // null when absent
  json result;  // responses
  json error;   // responses: null unless the peer answered with an error
};

// Throws RpcError(kParseError) for text that is not JSON (invalid UTF-8 included) and
// RpcError(kInvalidRequest) for JSON that is no JSON-RPC 2.0 message; `id_out` gets the
// id when one could be read, so the error can be answered to it.
Message parse_message(std::string_view body, json& id_out);

std::string response_body(const json& id, const json& result);
std::string error_body(const json& id, int code, const std::string& message);
// An error answering a message whose id could not be read: JSON-RPC 2.0 (and LSP) gives it
// "id": null; MCP's schema has no null id and leaves it out (`with_null_id` false).
std::string unknown_id_error_body(int code, const std::string& message, bool with_null_id);
std::string notification_body(const std::string& method, const json& params);
std::string request_body(const json& id, const std::string& method, const json& params);

}  // namespace tars::protocol
