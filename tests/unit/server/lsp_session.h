#pragma once
// The real LspServer over the in-memory transport, on an event loop the test thread runs:
// requests and notifications as a client sends them, waits (bounded) for what the server
// sends, and answers the server's own requests as a client would (null results).
#include <asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/base/file_uri.h"
#include "engine_fixture.h"
#include "protocol/memory_transport.h"
#include "server/lsp_server.h"

namespace tars::test {

using server::json;

struct LspSession : EngineFixture {
  asio::io_context loop;
  protocol::MemoryTransport transport;
  server::LspServer server{transport, loop};
  std::vector<json> seen;  // sent by the server, not yet waited for
  std::vector<json> server_requests;
  std::int64_t next_id = 1;

  LspSession() { server.start(); }

  std::string root_uri() const { return uri_of_path(dir.path().string()); }
  std::string uri(const std::string& relative) const {
    return uri_of_path((dir.path() / relative).string());
  }

  static std::string request_body(std::int64_t id, const std::string& method, const json& params) {
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
  }

  json request(const std::string& method, const json& params = json::object()) {
    std::int64_t id = next_id++;
    transport.deliver({request_body(id, method, params)});
    return reply_to(id);
  }

  json reply_to(const json& id) {
    return wait([&](const json& m) { return m.value("id", json()) == id && !m.contains("method"); },
                "the reply to " + id.dump());
  }

  void notify(const std::string& method, const json& params) {
    transport.deliver({json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump()});
  }

  json initialize(json capabilities = json::object(), json options = json::object()) {
    json result = request("initialize", {{"processId", nullptr},
                                         {"rootUri", root_uri()},
                                         {"capabilities", capabilities},
                                         {"initializationOptions", options}});
    notify("initialized", json::object());
    return result;
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
      loop.restart();
      loop.poll();
      auto body = transport.take(std::chrono::milliseconds(10));
      if (!body) continue;
      json message = json::parse(*body);
      if (message.contains("method") && message.contains("id")) answer(message);
      if (matches(message)) return message;
      seen.push_back(message);
    }
    FAIL("timed out waiting for " << what);
    return nullptr;
  }

  void answer(const json& server_request) {
    server_requests.push_back(server_request);
    transport.deliver(
        {json{{"jsonrpc", "2.0"}, {"id", server_request["id"]}, {"result", nullptr}}.dump()});
  }

  // The params of the first `method` notification that `matches`.
  json notification(const std::string& method, const std::function<bool(const json&)>& matches) {
    return wait(
        [&](const json& m) { return m.value("method", "") == method && matches(m["params"]); },
        method)["params"];
  }
};

}  // namespace tars::test
