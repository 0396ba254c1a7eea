#pragma once
// The client's end of a protocol::MemoryTransport in a unit test: sends messages as a
// client does and waits (bounded) for what the server sends, running the server's event
// loop on the test thread meanwhile. Requests of the server's own go to a hook.
#include <doctest/doctest.h>

#include <asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "protocol/jsonrpc.h"
#include "protocol/memory_transport.h"

namespace tars::test {

struct MemoryClient {
  using json = protocol::json;

  asio::io_context loop;
  protocol::MemoryTransport transport;
  std::vector<json> seen;  // sent by the server, not yet waited for
  std::function<void(const json& request)> on_server_request = [](const json&) {};
  std::int64_t next_id = 1;

  static std::string request_body(std::int64_t id, const std::string& method, const json& params) {
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
  }

  void send(const json& message) { transport.deliver({message.dump()}); }

  std::int64_t send_request(const std::string& method, const json& params) {
    std::int64_t id = next_id++;
    transport.deliver({request_body(id, method, params)});
    return id;
  }

  json request(const std::string& method, const json& params = json::object()) {
    return reply_to(send_request(method, params));
  }

  json reply_to(const json& id) {
    return wait([&](const json& m) { return m.value("id", json()) == id && !m.contains("method"); },
                "the reply to " + id.dump());
  }

  void notify(const std::string& method, const json& params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }

  // What the server sent within `wait`, after running what its loop has ready.
  std::optional<json> poll_one(std::chrono::milliseconds wait) {
    loop.restart();
    loop.poll();
    auto body = transport.take(wait);
    if (!body) return std::nullopt;
    json message = json::parse(*body);
    if (message.contains("method") && message.contains("id")) on_server_request(message);
    return message;
  }

  // The first message (seen before, or sent within 30 s) that `matches`.
  json wait(const std::function<bool(const json&)>& matches, const std::string& what) {
    for (auto it = seen.begin(); it != seen.end(); ++it)
      if (matches(*it)) {
        json found = *it;
        seen.erase(it);
        return found;
      }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      auto message = poll_one(std::chrono::milliseconds(10));
      if (!message) continue;
      if (matches(*message)) return *message;
      seen.push_back(*message);
    }
    FAIL("timed out waiting for " << what);
    return nullptr;
  }

  // Runs the loop, keeping what the server sends, until `done` holds (at most 30 s).
  void until(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done() && std::chrono::steady_clock::now() < deadline)
      if (auto message = poll_one(std::chrono::milliseconds(10))) seen.push_back(*message);
    REQUIRE(done());
  }
};

}  // namespace tars::test
