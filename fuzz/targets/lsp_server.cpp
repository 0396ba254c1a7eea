// JSON-RPC dispatch through tars-lsp's real handlers: a fresh LspServer on the in-memory
// transport, over a fresh copy of the server workspace (fuzz/server_workspace.h), is
// initialized by the harness; then the input's messages arrive. Each line is one message
// body ("$ROOT" in it becomes the workspace's file:// URI, "$CTX" the last execution context
// the server named; a line "!" is a framing error);
// a blank line ends a read, so $/cancelRequest meets the requests of its own read first.
// Requests of the server's own are answered with null results between reads, as a client
// would. Checks (fuzz/exchange.h): every message the server sends is JSON-RPC 2.0 and
// every request handled is answered exactly once.
#include <spdlog/spdlog.h>
#include <asio/io_context.hpp>

#include "fuzz/exchange.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/server_workspace.h"
#include "protocol/memory_transport.h"
#include "server/lsp_server.h"

namespace {

using tars::fuzz::Exchange;
using tars::protocol::FrameResult;
using tars::protocol::json;

void substitute(std::string& line, const std::string& name, const std::string& value) {
  for (std::size_t at = line.find(name); at != std::string::npos;
       at = line.find(name, at + value.size()))
    line.replace(at, name.size(), value);
}

// The reads of the input, lines as they are (substituted when delivered).
std::vector<std::vector<FrameResult>> reads_of(std::string_view input) {
  std::vector<std::vector<FrameResult>> reads(1);
  std::size_t at = 0;
  while (at <= input.size()) {
    std::size_t end = std::min(input.find('\n', at), input.size());
    std::string line(input.substr(at, end - at));
    at = end + 1;
    if (line.empty()) {
      if (!reads.back().empty()) reads.emplace_back();
      continue;
    }
    if (line == "!") {
      reads.back().emplace_back(tars::protocol::FramingError{"a bad frame"});
      continue;
    }
    reads.back().emplace_back(std::move(line));
  }
  return reads;
}

struct Session {
  asio::io_context loop;
  tars::protocol::MemoryTransport transport;
  Exchange exchange;
  std::optional<tars::server::LspServer> server;
  std::string root;
  std::string context = "ctx-none";  // the last context the server named

  void deliver(std::vector<FrameResult> read) {
    bool exit_seen = false;
    for (FrameResult& frame : read)
      if (auto* body = std::get_if<std::string>(&frame)) {
        substitute(*body, "$ROOT", root);
        substitute(*body, "$CTX", context);
        if (exit_seen) continue;
        exchange.client_sent(*body);
        json id;
        try {
          exit_seen = tars::protocol::parse_message(*body, id).method == "exit";
        } catch (const tars::protocol::RpcError&) {
        }
      }
    transport.deliver(std::move(read));
    drain();
  }

  void remember_context(const json& message) {
    for (const char* part : {"result", "params"})
      if (message.contains(part) && message[part].is_object() &&
          message[part].contains("contextId") && message[part]["contextId"].is_string())
        context = message[part]["contextId"];
  }

  // Runs what the loop has ready, checks what the server sent, answers its requests.
  void drain() {
    loop.restart();
    loop.poll();
    while (auto body = transport.take()) {
      json message = exchange.server_sent(*body);
      remember_context(message);
      if (message.contains("method") && message.contains("id") && transport.reading())
        transport.deliver(
            {json{{"jsonrpc", "2.0"}, {"id", message["id"]}, {"result", nullptr}}.dump()});
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  Session session;
  session.root = tars::fuzz::file_uri(tars::fuzz::fresh_server_workspace());
  session.server.emplace(session.transport, session.loop);
  session.server->start();
  json capabilities = {{"window", {{"workDoneProgress", true}}},
                       {"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}};
  session.deliver({json{{"jsonrpc", "2.0"},
                        {"id", "init"},
                        {"method", "initialize"},
                        {"params",
                         {{"processId", nullptr},
                          {"rootUri", session.root},
                          {"capabilities", capabilities},
                          {"initializationOptions", {{"validate", false}}}}}}
                       .dump()});
  session.deliver({R"({"jsonrpc":"2.0","method":"initialized","params":{}})"});
  for (auto& read : reads_of(tars::fuzz::text(data, size))) {
    if (session.server->stopped()) break;
    session.deliver(std::move(read));
  }
  session.exchange.check_all_answered();
  session.server.reset();  // cancels what still runs (it rolls back) and waits for it
  session.drain();
  return 0;
}
