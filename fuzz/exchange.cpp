#include "fuzz/exchange.h"

#include "fuzz/fuzz_support.h"

namespace tars::fuzz {

bool Exchange::client_sent(std::string_view body) {
  json id;
  try {
    protocol::Message message = protocol::parse_message(body, id);
    if (message.kind == protocol::MessageKind::Response) ++carrying_[message.id.dump()];
    if (message.kind != protocol::MessageKind::Request) return false;
    ++requests_[message.id.dump()];
    ++carrying_[message.id.dump()];
    return true;
  } catch (const protocol::RpcError&) {
    if (!id.is_null()) ++carrying_[id.dump()];  // answered with an error to that id
    return false;
  }
}

json Exchange::server_sent(std::string_view body) {
  json message;
  try {
    message = json::parse(body);
  } catch (const json::exception& e) {
    failure("the server sent invalid JSON: " + std::string(e.what()));
  }
  if (!message.is_object() || message.value("jsonrpc", json()) != "2.0")
    failure("the server sent a message that is not JSON-RPC 2.0: " + std::string(body));
  if (message.contains("method")) {
    if (!message["method"].is_string()) failure("a server message's method is not a string");
    return message;
  }
  if (message.contains("result") == message.contains("error"))
    failure("a response needs exactly one of result and error: " + std::string(body));
  if (message.contains("error") && !message["error"]["code"].is_number_integer())
    failure("an error without an integer code: " + std::string(body));
  json id = message.value("id", json());
  if (id.is_null()) return message;  // an error answering a message without an id
  std::string key = id.dump();
  if (++answers_[key] > carrying_[key])
    failure("id " + key + " answered more often than sent: " + std::string(body));
  return message;
}

std::vector<std::string> Exchange::unanswered() const {
  std::vector<std::string> out;
  for (const auto& [id, count] : requests_) {
    auto answered = answers_.find(id);
    if ((answered == answers_.end() || answered->second < count) && !forgiven_.count(id))
      out.push_back(id);
  }
  return out;
}

void Exchange::check_all_answered() const {
  auto missing = unanswered();
  if (!missing.empty()) failure("request " + missing.front() + " was never answered");
}

}  // namespace tars::fuzz
