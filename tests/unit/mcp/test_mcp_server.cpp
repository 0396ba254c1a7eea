#include <chrono>
#include <thread>

#include "mcp/mcp_server.h"
#include "memory_client.h"
#include "tools_fixture.h"

using namespace tars;
using namespace tars::test;
using namespace std::chrono_literals;

namespace {

// The real McpServer over the in-memory transport; the test thread runs its loop.
struct McpSession : ToolsFixture, MemoryClient {
  mcp::McpServer server{transport, engine};

  McpSession() { server.start(); }

  json initialize(const std::string& version = "2025-11-25") {
    json result = request("initialize", {{"protocolVersion", version},
                                         {"capabilities", json::object()},
                                         {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
    notify("notifications/initialized", json::object());
    return result;
  }

  json call(const std::string& tool, const json& arguments) {
    return request("tools/call", {{"name", tool}, {"arguments", arguments}});
  }
};

bool is_notification(const json& m, const std::string& method) {
  return m.value("method", "") == method && !m.contains("id");
}

}  // namespace

TEST_CASE("initialize negotiates the protocol revision; nothing but ping comes before it") {
  McpSession s;
  CHECK(s.request("ping")["result"] == json::object());
  json early = s.request("tools/list");
  CHECK(early["error"]["code"] == protocol::error_code::kInvalidRequest);
  json init = s.initialize("2025-06-18");
  CHECK(init["result"]["protocolVersion"] == "2025-06-18");
  CHECK(init["result"]["capabilities"]["tools"].is_object());
  CHECK(init["result"]["capabilities"]["logging"].is_object());
  CHECK(init["result"]["serverInfo"]["name"] == "tars-mcp");
  CHECK(s.request("initialize", {{"protocolVersion", "2025-06-18"}})["error"]["code"] ==
        protocol::error_code::kInvalidRequest);

  McpSession newer;
  CHECK(newer.initialize("2031-01-01")["result"]["protocolVersion"] == "2025-11-25");
}

TEST_CASE("tools/list: every tool with an object inputSchema and outputSchema") {
  McpSession s;
  s.initialize();
  json tools = s.request("tools/list")["result"]["tools"];
  std::vector<std::string> names;
  for (const json& tool : tools) {
    names.push_back(tool["name"]);
    CHECK(tool["inputSchema"]["type"] == "object");
    CHECK(tool["outputSchema"]["type"] == "object");
    CHECK(tool["description"].get<std::string>().size() > 20);
  }
  CHECK(names == std::vector<std::string>{"list_improvements", "propose_change", "execute",
                                          "status", "review", "rollback"});
}

TEST_CASE("bad input is answered properly and the server keeps serving") {
  McpSession s;
  s.initialize();
  json unknown = s.call("approve", {{"contextId", "ctx-1"}});
  CHECK(unknown["error"]["code"] == protocol::error_code::kInvalidParams);
  CHECK(unknown["error"]["message"] == "Unknown tool: approve");
  json typed = s.call("execute", {{"ids", "imp-1"}});
  CHECK(typed["result"]["isError"] == true);
  CHECK(typed["result"]["content"][0]["text"] ==
        "arguments.ids must be an array (see the tool's inputSchema)");
  json no_name = s.request("tools/call", {{"arguments", json::object()}});
  CHECK(no_name["error"]["message"] == "params.name is required");
  s.transport.deliver({std::string("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ")});
  json parse_error = s.wait([](const json& m) { return m.contains("error"); }, "parse error");
  CHECK_FALSE(parse_error.contains("id"));  // MCP's schema has no null id
  CHECK(parse_error["error"]["code"] == protocol::error_code::kParseError);
  CHECK(s.request("ping")["result"] == json::object());
}

TEST_CASE("execute with a progress token: progress that grows, then the result") {
  McpSession s;
  s.initialize();
  write(s.dir / "a.txt", "a\n");
  std::string id = s.propose("a.txt", "a", "A");
  std::int64_t request = s.send_request(
      "tools/call",
      {{"name", "execute"}, {"arguments", {{"ids", {id}}}}, {"_meta", {{"progressToken", "p1"}}}});
  json reply = s.reply_to(request);
  CHECK(reply["result"]["isError"] == false);
  CHECK(reply["result"]["structuredContent"]["results"][0]["status"] == "awaiting_review");
  double last = 0;
  int reports = 0;
  for (const json& m : s.seen) {
    if (!is_notification(m, "notifications/progress")) continue;
    CHECK(m["params"]["progressToken"] == "p1");
    CHECK(m["params"]["progress"].get<double>() > last);
    last = m["params"]["progress"];
    ++reports;
  }
  CHECK(reports > 0);
  CHECK(last == 100);
}

TEST_CASE("a cancelled execution is rolled back and its request never answered") {
  McpSession s;
  s.initialize();
  write(s.dir / "a.txt", "a\n");
  s.configure("import time; open('started', 'w').close(); time.sleep(60)");
  std::string id = s.propose("a.txt", "a", "A");
  std::int64_t request =
      s.send_request("tools/call", {{"name", "execute"}, {"arguments", {{"ids", {id}}}}});
  s.until([&] { return fs::exists(s.dir / "started"); });
  s.send({{"jsonrpc", "2.0"},
          {"method", "notifications/cancelled"},
          {"params", {{"requestId", request}, {"reason", "changed my mind"}}}});
  s.until([&] { return s.engine.contexts()[0].status == ContextStatus::Cancelled; });
  CHECK(read(s.dir / "a.txt") == "a\n");
  std::this_thread::sleep_for(200ms);
  while (auto m = s.poll_one(10ms)) s.seen.push_back(*m);
  for (const json& m : s.seen) CHECK(m.value("id", json()) != request);
  CHECK(s.request("ping")["result"] == json::object());
}

TEST_CASE("logging/setLevel decides which log messages the client gets") {
  McpSession s;
  s.initialize();
  write(s.dir / "a.txt", "a\n");
  std::string id = s.propose("a.txt", "a", "A");
  CHECK(s.request("logging/setLevel", {{"level", "warning"}})["result"] == json::object());
  CHECK(s.request("logging/setLevel", {{"level", "loud"}})["error"]["code"] ==
        protocol::error_code::kInvalidParams);
  s.call("execute", {{"ids", {id}}, {"dryRun", true}});  // an info message: filtered
  s.call("execute", {{"ids", {"imp-missing"}}});         // a warning: sent
  std::vector<json> logs;
  for (const json& m : s.seen)
    if (is_notification(m, "notifications/message")) logs.push_back(m["params"]);
  REQUIRE(logs.size() == 1);
  CHECK(logs[0]["level"] == "warning");
  CHECK(logs[0]["data"] == "execute imp-missing: not_started");
}

TEST_CASE("once initialized, the client hears of executions recovered at start") {
  EngineFixture fx;
  {
    Engine engine(fx.workspace);
    ContextRecord interrupted;
    interrupted.id = "ctx-interrupted";
    interrupted.improvement_id = "imp-1";
    interrupted.pid = 999999;
    interrupted.created_at = now_ms();
    engine.store().create_context(interrupted);
  }
  Engine engine(fx.workspace);  // recovers it
  MemoryClient client;
  mcp::McpServer server(client.transport, engine);
  server.start();
  client.request("initialize", {{"protocolVersion", "2025-11-25"}});
  CHECK(client.seen.empty());  // nothing before the answer to initialize
  client.notify("notifications/initialized", json::object());
  json log = client.wait([](const json& m) { return is_notification(m, "notifications/message"); },
                         "the log message");
  CHECK(log["params"]["level"] == "warning");
  CHECK(log["params"]["data"] ==
        "TARS rolled back execution ctx-interrupted, which was interrupted");
}
