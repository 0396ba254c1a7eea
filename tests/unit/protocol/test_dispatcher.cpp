#include <doctest/doctest.h>

#include "protocol/binder.h"
#include "protocol/lsp_types.h"

using namespace tars::protocol;

namespace {

json reply(Dispatcher& dispatcher, const std::string& body) {
  auto out = dispatcher.handle(body);
  REQUIRE(out);
  return json::parse(*out);
}

Dispatcher make() {
  Dispatcher dispatcher;
  dispatcher.on_request("echo", [](const json& params) { return params; });
  Binder(dispatcher).method<TextDocumentParams>("open", [](const TextDocumentParams& params) {
    return json(params.text_document.uri);
  });
  dispatcher.on_request("boom", [](const json&) -> json { throw std::runtime_error("kaput"); });
  return dispatcher;
}

}  // namespace

TEST_CASE("requests get results; unknown methods get MethodNotFound") {
  Dispatcher dispatcher = make();
  json ok = reply(dispatcher, R"({"jsonrpc":"2.0","id":7,"method":"echo","params":{"x":1}})");
  CHECK(ok["id"] == 7);
  CHECK(ok["result"]["x"] == 1);
  json missing = reply(dispatcher, R"({"jsonrpc":"2.0","id":"a","method":"nope"})");
  CHECK(missing["id"] == "a");
  CHECK(missing["error"]["code"] == error_code::kMethodNotFound);
  json internal = reply(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"boom"})");
  CHECK(internal["error"]["code"] == error_code::kInternalError);
  CHECK(internal["error"]["message"] == "kaput");
}

TEST_CASE("malformed input: ParseError with a null id, InvalidRequest keeping the id") {
  Dispatcher dispatcher = make();
  json parse = reply(dispatcher, "{not json");
  CHECK(parse["id"].is_null());
  CHECK(parse["error"]["code"] == error_code::kParseError);
  CHECK(reply(dispatcher, "\"\xff\xfe\"")["error"]["code"] ==
        error_code::kParseError);  // invalid UTF-8
  json invalid = reply(dispatcher, R"({"jsonrpc":"2.0","id":3,"method":42})");
  CHECK(invalid["id"] == 3);
  CHECK(invalid["error"]["code"] == error_code::kInvalidRequest);
  CHECK(reply(dispatcher, R"({"jsonrpc":"1.0","id":3,"method":"echo"})")["error"]["code"] ==
        error_code::kInvalidRequest);
  CHECK(reply(dispatcher, "[1,2]")["error"]["code"] == error_code::kInvalidRequest);
}

TEST_CASE("InvalidParams names the offending field") {
  Dispatcher dispatcher = make();
  json wrong =
      reply(dispatcher,
            R"({"jsonrpc":"2.0","id":1,"method":"open","params":{"textDocument":{"uri":5}}})");
  CHECK(wrong["error"]["code"] == error_code::kInvalidParams);
  CHECK(wrong["error"]["message"] == "params.textDocument.uri must be a string");
  json absent = reply(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"open","params":{}})");
  CHECK(absent["error"]["message"] == "params.textDocument is required");
}

TEST_CASE("notifications: handled, or ignored when unknown, with no reply") {
  Dispatcher dispatcher = make();
  int seen = 0;
  dispatcher.on_notification("initialized", [&](const json&) { ++seen; });
  CHECK_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","method":"initialized","params":{}})"));
  CHECK_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","method":"$/setTrace","params":{}})"));
  CHECK_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","method":"custom/unknown"})"));
  CHECK(seen == 1);
}

TEST_CASE("the gate refuses requests, e.g. before initialize") {
  Dispatcher dispatcher = make();
  bool initialized = false;
  dispatcher.set_request_gate([&](const std::string& method) {
    if (!initialized && method != "initialize")
      throw RpcError(error_code::kServerNotInitialized, "the server is not initialized");
  });
  CHECK(reply(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"echo"})")["error"]["code"] ==
        error_code::kServerNotInitialized);
  initialized = true;
  CHECK(reply(dispatcher, R"({"jsonrpc":"2.0","id":2,"method":"echo","params":[1]})")["result"] ==
        json{1});
}

TEST_CASE("responses to the server's requests reach their callbacks by id") {
  Dispatcher dispatcher;
  json got;
  json sent =
      json::parse(dispatcher.request("window/workDoneProgress/create", {{"token", "t"}},
                                     [&](const Message& response) { got = response.result; }));
  CHECK(sent["method"] == "window/workDoneProgress/create");
  CHECK(dispatcher.pending_requests() == 1);
  json answer = {{"jsonrpc", "2.0"}, {"id", sent["id"]}, {"result", "done"}};
  CHECK_FALSE(dispatcher.handle(answer.dump()));
  CHECK(got == "done");
  CHECK(dispatcher.pending_requests() == 0);
  CHECK_FALSE(dispatcher.handle(answer.dump()));  // a second answer is ignored
  for (int i = 0; i < 100; ++i) dispatcher.request("x", {}, [](const Message&) {});
  CHECK(dispatcher.pending_requests() == 64);
}

TEST_CASE("$/cancelRequest before a request is handled: RequestCancelled, answered once") {
  Dispatcher dispatcher = make();
  CHECK_FALSE(
      dispatcher.handle(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":9}})"));
  json cancelled = reply(dispatcher, R"({"jsonrpc":"2.0","id":9,"method":"echo","params":{}})");
  CHECK(cancelled["error"]["code"] == error_code::kRequestCancelled);
  json again = reply(dispatcher, R"({"jsonrpc":"2.0","id":9,"method":"echo","params":{}})");
  CHECK(again.contains("result"));  // the cancel applied once
}

TEST_CASE("a server request the client never answers fails once its time is up") {
  Dispatcher dispatcher;
  std::vector<json> errors;
  auto record = [&](const Message& reply) { errors.push_back(reply.error); };
  dispatcher.request("window/showMessageRequest", json::object(), record, std::chrono::seconds(0));
  dispatcher.request("window/workDoneProgress/create", json::object(), record,
                     std::chrono::hours(1));
  dispatcher.expire();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["code"] == error_code::kRequestFailed);
  CHECK(dispatcher.pending_requests() == 1);
  // A late reply to the expired request is ignored; the other is delivered.
  CHECK_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","id":1,"result":null})"));
  CHECK(errors.size() == 1);
  CHECK_FALSE(dispatcher.handle(R"({"jsonrpc":"2.0","id":2,"result":null})"));
  CHECK(errors.size() == 2);
  CHECK(errors[1].is_null());
  CHECK(dispatcher.pending_requests() == 0);
}

TEST_CASE("commands: one table reached through workspace/executeCommand, arguments typed") {
  Dispatcher dispatcher = make();
  Binder bind(dispatcher);
  bind.command<json>("x.first", [](const json& argument) { return argument; });
  bind.command<TextDocumentIdentifier>(
      "x.second", [](const TextDocumentIdentifier& target) { return json(target.uri); });
  CHECK(dispatcher.commands() == std::vector<std::string>{"x.first", "x.second"});
  auto call = [&](const json& params) {
    json request = {
        {"jsonrpc", "2.0"}, {"id", 1}, {"method", "workspace/executeCommand"}, {"params", params}};
    return reply(dispatcher, request.dump());
  };
  CHECK(call({{"command", "x.first"}, {"arguments", {{{"a", 1}}}}})["result"] == json{{"a", 1}});
  CHECK(call({{"command", "x.first"}})["result"] == json::object());
  CHECK(call({{"command", "x.second"}, {"arguments", {{{"uri", "u"}}}}})["result"] == "u");
  json wrong = call({{"command", "x.second"}, {"arguments", {{{"uri", 1}}}}});
  CHECK(wrong["error"]["code"] == error_code::kInvalidParams);
  CHECK(wrong["error"]["message"] == "arguments[0].uri must be a string");
  json unknown = call({{"command", "x.third"}});
  CHECK(unknown["error"]["code"] == error_code::kInvalidParams);
  CHECK(unknown["error"]["message"] == "unknown command 'x.third'");
  CHECK(call({{"command", 5}})["error"]["message"] == "params.command must be a string");
}

TEST_CASE("a batch: cancels first, replies in order, framing errors answered, stop honoured") {
  Dispatcher dispatcher = make();
  bool stop = false;
  dispatcher.on_notification("stop", [&](const json&) { stop = true; });
  std::vector<json> replies;
  auto body = [](const json& message) { return message.dump(); };
  std::vector<FrameResult> batch{
      body({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "echo"}, {"params", {1}}}),
      body({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "echo"}, {"params", {2}}}),
      FramingError{"missing Content-Length header"},
      body({{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 2}}}}),
      body({{"jsonrpc", "2.0"}, {"method", "stop"}}),
      body({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "echo"}, {"params", {3}}}),
  };
  dispatcher.handle_batch(
      std::move(batch), [&](std::string reply) { replies.push_back(json::parse(reply)); },
      [&] { return stop; });
  REQUIRE(replies.size() == 3);  // nothing after "stop"
  CHECK(replies[0]["result"] == json{1});
  CHECK(replies[1]["id"] == 2);
  CHECK(replies[1]["error"]["code"] == error_code::kRequestCancelled);
  CHECK(replies[2]["id"].is_null());
  CHECK(replies[2]["error"]["code"] == error_code::kParseError);
  CHECK(replies[2]["error"]["message"] == "missing Content-Length header");
}

TEST_CASE("the next deadline of the server's own requests") {
  Dispatcher dispatcher;
  CHECK_FALSE(dispatcher.next_deadline());
  auto before = std::chrono::steady_clock::now();
  dispatcher.request(
      "a", {}, [](const Message&) {}, std::chrono::hours(1));
  dispatcher.request(
      "b", {}, [](const Message&) {}, std::chrono::seconds(1));
  REQUIRE(dispatcher.next_deadline());
  CHECK(*dispatcher.next_deadline() < before + std::chrono::minutes(1));
}

TEST_CASE("a deferred request is answered by its handler later; its early errors at once") {
  Dispatcher dispatcher;
  json kept_id, kept_params;
  Binder(dispatcher)
      .deferred_method<TextDocumentParams>("later",
                                           [&](const json& id, const TextDocumentParams& params) {
                                             kept_id = id;
                                             kept_params = params.text_document.uri;
                                           });
  CHECK_FALSE(dispatcher.handle(
      R"({"jsonrpc":"2.0","id":4,"method":"later","params":{"textDocument":{"uri":"u"}}})"));
  CHECK(kept_id == 4);
  CHECK(kept_params == "u");
  json bad = reply(dispatcher, R"({"jsonrpc":"2.0","id":5,"method":"later","params":{}})");
  CHECK(bad["error"]["code"] == error_code::kInvalidParams);
  CHECK(bad["error"]["message"] == "params.textDocument is required");
}

TEST_CASE("an error to an unknown id carries id null, or none when told (MCP)") {
  Dispatcher dispatcher;
  json lsp = reply(dispatcher, "{\"jsonrpc\":");
  CHECK(lsp.contains("id"));
  CHECK(lsp["id"].is_null());
  CHECK(lsp["error"]["code"] == error_code::kParseError);
  dispatcher.set_null_id_on_errors(false);
  json mcp = reply(dispatcher, "{\"jsonrpc\":");
  CHECK_FALSE(mcp.contains("id"));
  CHECK(mcp["error"]["code"] == error_code::kParseError);
  json no_id = reply(dispatcher, R"({"jsonrpc":"1.0","method":"x"})");
  CHECK_FALSE(no_id.contains("id"));
  CHECK(no_id["error"]["code"] == error_code::kInvalidRequest);
  json kept = reply(dispatcher, R"({"jsonrpc":"1.0","id":3,"method":"x"})");
  CHECK(kept["id"] == 3);
}
