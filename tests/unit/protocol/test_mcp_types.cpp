#include <doctest/doctest.h>

#include "protocol/mcp_types.h"
#include "read_error.h"

using namespace tars::protocol;
using namespace tars::protocol::mcp;

using tars::test::error_reading;

TEST_CASE("the client's protocol revision is answered when supported, else the newest") {
  CHECK(supported_protocol_versions().front() == "2025-11-25");
  CHECK(negotiate_protocol_version("2025-06-18") == "2025-06-18");
  CHECK(negotiate_protocol_version("2025-03-26") == "2025-03-26");
  CHECK(negotiate_protocol_version("2024-11-05") == "2024-11-05");
  CHECK(negotiate_protocol_version("1999-01-01") == "2025-11-25");
  CHECK(negotiate_protocol_version("2099-01-01") == "2025-11-25");
}

TEST_CASE("log levels rank from debug to emergency") {
  CHECK(log_level_rank("debug") == 0);
  CHECK(log_level_rank("warning") == 3);
  CHECK(log_level_rank("emergency") == 7);
  CHECK(log_level_rank("warn") == -1);
  CHECK_THROWS_AS(parse<SetLevelParams>(json{{"level", "loud"}}, "params"), RpcError);
  CHECK(parse<SetLevelParams>(json{{"level", "error"}}, "params").level == "error");
}

TEST_CASE("tools/call params: name, arguments (an object) and the progress token") {
  auto call = parse<CallToolParams>(
      json{{"name", "execute"}, {"arguments", {{"ids", {"a"}}}}, {"_meta", {{"progressToken", 7}}}},
      "params");
  CHECK(call.name == "execute");
  CHECK(call.arguments["ids"][0] == "a");
  CHECK(call.progress_token == 7);
  auto bare = parse<CallToolParams>(json{{"name", "status"}}, "params");
  CHECK(bare.arguments == json::object());
  CHECK(bare.progress_token.is_null());

  CHECK(error_reading<CallToolParams>(json::object()) == "params.name is required");
  CHECK(error_reading<CallToolParams>(json{{"name", 1}}) == "params.name must be a string");
  CHECK(error_reading<CallToolParams>(json{{"name", "x"}, {"arguments", {1, 2}}}) ==
        "params.arguments must be an object");
  CHECK(error_reading<CallToolParams>(json{{"name", "x"}, {"_meta", {{"progressToken", 1.5}}}}) ==
        "params._meta.progressToken must be a string or an integer");
}

TEST_CASE("initialize and cancelled params") {
  auto init = parse<InitializeParams>(
      json{{"protocolVersion", "2025-06-18"}, {"clientInfo", {{"name", "c"}, {"version", "1"}}}},
      "params");
  CHECK(init.protocol_version == "2025-06-18");
  CHECK(init.client_info.name == "c");
  CHECK_THROWS_AS(parse<InitializeParams>(json::object(), "params"), RpcError);
  auto cancelled = parse<CancelledParams>(json{{"requestId", "r1"}, {"reason", "late"}}, "params");
  CHECK(cancelled.request_id == "r1");
  CHECK(cancelled.reason == "late");
  CHECK_THROWS_AS(parse<CancelledParams>(json{{"requestId", true}}, "params"), RpcError);
}
