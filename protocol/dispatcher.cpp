#include "protocol/dispatcher.h"

#include <algorithm>

#include "protocol/lsp_types.h"

namespace tars::protocol {

void Dispatcher::on_request(const std::string& method, RequestHandler handler) {
  requests_[method] = std::move(handler);
}

void Dispatcher::on_deferred_request(const std::string& method, DeferredHandler handler) {
  deferred_[method] = std::move(handler);
}

void Dispatcher::on_notification(const std::string& method, NotificationHandler handler) {
  notifications_[method] = std::move(handler);
}

void Dispatcher::set_request_gate(std::function<void(const std::string&)> gate) {
  gate_ = std::move(gate);
}

void Dispatcher::on_command(const std::string& command, CommandHandler handler) {
  if (!commands_.count(command)) command_names_.push_back(command);
  commands_[command] = std::move(handler);
}

json Dispatcher::execute_command(const json& params) {
  auto call = parse<ExecuteCommandParams>(params, "params");
  auto it = commands_.find(call.command);
  if (it == commands_.end())
    throw RpcError(error_code::kInvalidParams, "unknown command '" + call.command + "'");
  return it->second(call.argument);
}

Dispatcher::Incoming Dispatcher::read(std::string_view body) const {
  json id;
  try {
    return parse_message(body, id);
  } catch (const RpcError& e) {
    // A parse error has no id to answer to; an invalid request keeps its id if it had one.
    if (e.code() == error_code::kParseError || id.is_null())
      return unknown_id_error_body(e.code(), e.what(), null_id_on_errors_);
    return error_body(id, e.code(), e.what());
  }
}

std::optional<std::string> Dispatcher::handle(std::string_view body) {
  Incoming incoming = read(body);
  if (auto* error = std::get_if<std::string>(&incoming)) return *error;
  return handle_message(std::get<Message>(incoming));
}

void Dispatcher::handle_batch(std::vector<FrameResult> batch, const Reply& reply,
                              const std::function<bool()>& stop) {
  std::vector<std::optional<Incoming>> incoming;  // nullopt: handled already
  for (FrameResult& frame : batch) {
    if (auto* body = std::get_if<std::string>(&frame))
      incoming.emplace_back(read(*body));
    else
      incoming.emplace_back(unknown_id_error_body(
          error_code::kParseError, std::get<FramingError>(frame).message, null_id_on_errors_));
  }
  for (auto& item : incoming) {
    auto* message = std::get_if<Message>(&*item);
    if (message && message->kind == MessageKind::Notification &&
        message->method == "$/cancelRequest") {
      handle_message(*message);
      item.reset();
    }
  }
  for (auto& item : incoming) {
    if (stop()) return;
    if (!item) continue;
    if (auto* error = std::get_if<std::string>(&*item))
      reply(std::move(*error));
    else if (auto answer = handle_message(std::get<Message>(*item)))
      reply(std::move(*answer));
  }
}

std::optional<std::string> Dispatcher::handle_message(const Message& message) {
  switch (message.kind) {
    case MessageKind::Request:
      return handle_request(message);
    case MessageKind::Notification:
      handle_notification(message);
      return std::nullopt;
    case MessageKind::Response:
      handle_response(message);
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> Dispatcher::handle_request(const Message& message) {
  auto cancelled = std::find(cancelled_.begin(), cancelled_.end(), message.id);
  if (cancelled != cancelled_.end()) {
    cancelled_.erase(cancelled);
    return error_body(message.id, error_code::kRequestCancelled, "the request was cancelled");
  }
  try {
    if (gate_) gate_(message.method);
    auto it = requests_.find(message.method);
    if (it != requests_.end()) return response_body(message.id, it->second(message.params));
    if (auto later = deferred_.find(message.method); later != deferred_.end()) {
      later->second(message.id, message.params);
      return std::nullopt;
    }
    if (message.method == "workspace/executeCommand" && !commands_.empty())
      return response_body(message.id, execute_command(message.params));
    throw RpcError(error_code::kMethodNotFound, "unknown method '" + message.method + "'");
  } catch (const RpcError& e) {
    return error_body(message.id, e.code(), e.what());
  } catch (const std::exception& e) {
    return error_body(message.id, error_code::kInternalError, e.what());
  }
}

void Dispatcher::handle_notification(const Message& message) {
  if (message.method == "$/cancelRequest") {
    try {
      cancel(parse<CancelParams>(message.params, "params").id);
    } catch (const RpcError&) {
      // no id: nothing to cancel
    }
    return;
  }
  auto it = notifications_.find(message.method);
  if (it == notifications_.end()) return;  // unknown notifications ($/ ones included) are ignored
  try {
    it->second(message.params);
  } catch (const std::exception&) {
    // A notification has no reply; its handler reports problems itself.
  }
}

void Dispatcher::handle_response(const Message& message) {
  if (!message.id.is_number_integer()) return;  // not one of ours
  auto it = pending_.find(message.id.get<std::int64_t>());
  if (it == pending_.end()) return;  // a reply we no longer wait for
  ResponseHandler handler = std::move(it->second.on_response);
  pending_.erase(it);
  handler(message);
}

void Dispatcher::fail_pending(std::map<std::int64_t, Pending>::iterator it,
                              const std::string& why) {
  Message failed;
  failed.kind = MessageKind::Response;
  failed.id = it->first;
  failed.error = {{"code", error_code::kRequestFailed}, {"message", why}};
  ResponseHandler handler = std::move(it->second.on_response);
  pending_.erase(it);
  handler(failed);
}

std::optional<std::chrono::steady_clock::time_point> Dispatcher::next_deadline() const {
  std::optional<std::chrono::steady_clock::time_point> next;
  for (const auto& [id, pending] : pending_)
    if (!next || pending.deadline < *next) next = pending.deadline;
  return next;
}

void Dispatcher::expire(std::chrono::steady_clock::time_point now) {
  std::vector<std::int64_t> overdue;  // collected first: a handler may send new requests
  for (const auto& [id, pending] : pending_)
    if (pending.deadline <= now) overdue.push_back(id);
  for (std::int64_t id : overdue) {
    auto it = pending_.find(id);
    if (it != pending_.end()) fail_pending(it, "the client did not answer in time");
  }
}

void Dispatcher::cancel(const json& id) {
  if (cancelled_.size() >= max_pending_) cancelled_.erase(cancelled_.begin());
  cancelled_.push_back(id);
}

std::string Dispatcher::request(const std::string& method, const json& params,
                                ResponseHandler on_response, std::chrono::milliseconds timeout) {
  std::int64_t id = next_id_++;
  if (pending_.size() >= max_pending_) fail_pending(pending_.begin(), "too many pending requests");
  pending_[id] = {std::move(on_response), std::chrono::steady_clock::now() + timeout};
  return request_body(id, method, params);
}

}  // namespace tars::protocol
