// tars-mcp as an agent drives it: the input is the bytes of its standard input, cut by
// MCP's newline framing and handled by the real McpServer (its tools on their worker
// threads) over a fresh copy of the server workspace (fuzz/server_workspace.h), after the
// harness's initialize. A blank line ends a read. Checks (fuzz/exchange.h): every message the
// server sends is JSON-RPC 2.0, and every request is answered exactly once, within 5 s, unless
// notifications/cancelled named it.
#include <spdlog/spdlog.h>
#include <chrono>

#include "core/engine.h"
#include "fuzz/exchange.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/server_workspace.h"
#include "mcp/mcp_server.h"
#include "protocol/framing.h"
#include "protocol/memory_transport.h"

namespace {

using tars::fuzz::Exchange;
using tars::protocol::FrameResult;
using tars::protocol::json;

void forgive_cancelled(Exchange& exchange, const std::string& body) {
  try {
    json message = json::parse(body);
    if (message.is_object() && message.value("method", json()) == "notifications/cancelled" &&
        message["params"].is_object() && message["params"].contains("requestId"))
      exchange.forgive(message["params"]["requestId"]);
  } catch (const json::exception&) {
  }
}

void take_replies(tars::protocol::MemoryTransport& transport, Exchange& exchange,
                  std::chrono::milliseconds wait) {
  while (auto body = transport.take(wait)) exchange.server_sent(*body);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  tars::Engine engine{tars::Workspace(tars::fuzz::fresh_server_workspace())};
  tars::protocol::MemoryTransport transport;
  Exchange exchange;
  {
    tars::mcp::McpServer server(transport, engine);
    server.start();
    std::string init =
        R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})";
    exchange.client_sent(init);
    transport.deliver({init, R"({"jsonrpc":"2.0","method":"notifications/initialized"})"});
    take_replies(transport, exchange, std::chrono::milliseconds(0));

    tars::protocol::NewlineFraming framing(4096);  // small, so overlong lines are reached
    std::string_view input = tars::fuzz::text(data, size);
    while (!input.empty()) {
      std::size_t end = input.find("\n\n");
      std::string_view chunk = input.substr(0, end == std::string_view::npos ? end : end + 2);
      input.remove_prefix(chunk.size());
      framing.feed(chunk);
      std::vector<FrameResult> read;
      while (auto frame = framing.next()) {
        if (auto* body = std::get_if<std::string>(&*frame)) {
          exchange.client_sent(*body);
          forgive_cancelled(exchange, *body);
        }
        read.push_back(std::move(*frame));
      }
      if (!read.empty()) transport.deliver(std::move(read));
      take_replies(transport, exchange, std::chrono::milliseconds(0));
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!exchange.unanswered().empty() && std::chrono::steady_clock::now() < deadline)
      take_replies(transport, exchange, std::chrono::milliseconds(10));
    exchange.check_all_answered();
    transport.close();
  }  // the server cancels what still runs and waits for it
  take_replies(transport, exchange, std::chrono::milliseconds(0));
  return 0;
}
