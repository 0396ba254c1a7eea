#pragma once
// The real LspServer over the in-memory transport, on an event loop the test thread runs
// (memory_client.h): requests and notifications as a client sends them, waits (bounded)
// for what the server sends, and answers the server's own requests as a client would
// (null results).
#include <functional>
#include <string>
#include <vector>

#include "core/base/file_uri.h"
#include "engine_fixture.h"
#include "memory_client.h"
#include "server/lsp_server.h"

namespace tars::test {

using server::json;

struct LspSession : EngineFixture, MemoryClient {
  server::LspServer server{transport, loop};
  std::vector<json> server_requests;

  LspSession() {
    on_server_request = [this](const json& request) { answer(request); };
    server.start();
  }

  std::string root_uri() const { return uri_of_path(dir.path().string()); }
  std::string uri(const std::string& relative) const {
    return uri_of_path((dir.path() / relative).string());
  }

  json initialize(json capabilities = json::object(), json options = json::object()) {
    json result = request("initialize", {{"processId", nullptr},
                                         {"rootUri", root_uri()},
                                         {"capabilities", capabilities},
                                         {"initializationOptions", options}});
    notify("initialized", json::object());
    return result;
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
