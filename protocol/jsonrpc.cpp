#include "protocol/jsonrpc.h"

namespace tars::protocol {

namespace {

bool is_valid_id(const json& id) {
  return id.is_string() || id.is_number_integer();
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

Message parse_message(std::string_view body, json& id_out) {
  json root;
  try {
    root = json::parse(body);
  } catch (const json::exception& e) {
    throw RpcError(error_code::kParseError, std::string("invalid JSON: ") + e.what());
  }
  id_out = nullptr;
  if (!root.is_object())
    throw RpcError(error_code::kInvalidRequest, "a message must be a JSON object");
  if (root.contains("id") && is_valid_id(root["id"])) id_out = root["id"];
  if (root.value("jsonrpc", json()) != "2.0")
    throw RpcError(error_code::kInvalidRequest, "\"jsonrpc\" must be \"2.0\"");
  Message message;
  bool has_id = root.contains("id");
  if (has_id && !root["id"].is_null() && !is_valid_id(root["id"]))
    throw RpcError(error_code::kInvalidRequest, "\"id\" must be a string or an integer");
  if (root.contains("method")) {
    if (!root["method"].is_string())
      throw RpcError(error_code::kInvalidRequest, "\"method\" must be a string");
    message.method = root["method"].get<std::string>();
    message.params = root.value("params", json());
    if (!message.params.is_null() && !message.params.is_object() && !message.params.is_array())
      throw RpcError(error_code::kInvalidRequest, "\"params\" must be an object or an array");
    message.kind = has_id ? MessageKind::Request : MessageKind::Notification;
    message.id = has_id ? root["id"] : json();
    if (message.kind == MessageKind::Request && message.id.is_null())
      throw RpcError(error_code::kInvalidRequest, "a request's \"id\" must not be null");
    return message;
  }
  if (!has_id || !(root.contains("result") || root.contains("error")))
    throw RpcError(error_code::kInvalidRequest,
                   "a message needs \"method\", or \"id\" with \"result\" or \"error\"");
  message.kind = MessageKind::Response;
  message.id = root["id"];
  message.result = root.value("result", json());
  message.error = root.value("error", json());
  return message;
}

std::string response_body(const json& id, const json& result) {
  return dump({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

std::string error_body(const json& id, int code, const std::string& message) {
  return dump({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

std::string unknown_id_error_body(int code, const std::string& message, bool with_null_id) {
  if (with_null_id) return error_body(nullptr, code, message);
  return dump({{"jsonrpc", "2.0"}, {"error", {{"code", code}, {"message", message}}}});
}

std::string notification_body(const std::string& method, const json& params) {
  return dump({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

std::string request_body(const json& id, const std::string& method, const json& params) {
  return dump({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
}

}  // namespace tars::protocol
