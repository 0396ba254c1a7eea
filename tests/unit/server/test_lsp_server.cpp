// The server over the in-memory transport: lifecycle, code actions, bad params and
// cancellation, as a client sees them.
#include <doctest/doctest.h>

#include "lsp_session.h"

using namespace tars;
using tars::server::json;
using tars::test::LspSession;

namespace {

const int kInvalidRequest = -32600;
const int kMethodNotFound = -32601;
const int kInvalidParams = -32602;
const int kServerNotInitialized = -32002;
const int kRequestCancelled = -32800;

// a.txt and an improvement capitalising its "hello".
void add_improvement(LspSession& session) {
  test::write(session.dir / "a.txt", "hello world\n");
  session.save("imp-hi", {session.edit("a.txt", "hello world\n", "hello", "HELLO")});
}

json at_start(const std::string& uri, json context = {{"diagnostics", json::array()}}) {
  json position = {{"line", 0}, {"character", 1}};
  return {{"textDocument", {{"uri", uri}}},
          {"range", {{"start", position}, {"end", position}}},
          {"context", context}};
}

std::vector<std::string> titles(const json& actions) {
  std::vector<std::string> out;
  for (const json& action : actions) out.push_back(action["title"]);
  return out;
}

}  // namespace

TEST_CASE("initialize: refused before, answered once with the capabilities, refused again") {
  LspSession session;
  CHECK(session.request("tars/status")["error"]["code"] == kServerNotInitialized);
  json result = session.initialize()["result"];
  CHECK(result["capabilities"]["positionEncoding"] == "utf-16");
  CHECK(result["capabilities"]["executeCommandProvider"]["commands"] ==
        json{"tars.execute", "tars.rollback", "tars.approve", "tars.reject", "tars.review"});
  CHECK(result["serverInfo"]["name"] == "tars-lsp");
  json again = session.request("initialize", {{"rootUri", session.root_uri()}});
  CHECK(again["error"]["code"] == kInvalidRequest);
  CHECK(session.request("no/such/method")["error"]["code"] == kMethodNotFound);
  CHECK(session.request("tars/status")["result"]["contexts"] == json::array());
}

TEST_CASE("initialize: a workspace is required; UTF-8 positions when the client offers them") {
  LspSession session;
  json missing = session.request("initialize", {{"capabilities", json::object()}});
  CHECK(missing["error"]["code"] == kInvalidParams);
  CHECK(missing["error"]["message"] == "params.rootUri or params.workspaceFolders is required");
  json utf8 = session.initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  CHECK(utf8["result"]["capabilities"]["positionEncoding"] == "utf-8");
}

TEST_CASE("shutdown, then exit: requests refused in between, the server stops with 0") {
  LspSession session;
  session.initialize();
  CHECK(session.request("shutdown")["result"].is_null());
  CHECK(session.request("tars/status")["error"]["code"] == kInvalidRequest);
  CHECK_FALSE(session.server.stopped());
  session.notify("exit", nullptr);
  CHECK(session.server.stopped());
  CHECK_FALSE(session.transport.reading());
  CHECK(session.server.exit_code() == 0);
}

TEST_CASE("exit without shutdown, or end of input: the server stops with 1") {
  LspSession exited;
  exited.notify("exit", nullptr);
  CHECK(exited.server.stopped());
  CHECK(exited.server.exit_code() == 1);
  LspSession closed;
  closed.initialize();
  closed.transport.close();
  CHECK(closed.server.stopped());
  CHECK(closed.server.exit_code() == 1);
}

TEST_CASE("bad params: InvalidParams naming the field; notifications with them are dropped") {
  LspSession session;
  session.initialize();
  json wrong = session.request("textDocument/codeAction", {{"textDocument", {{"uri", 5}}}});
  CHECK(wrong["error"]["code"] == kInvalidParams);
  CHECK(wrong["error"]["message"] == "params.textDocument.uri must be a string");
  json no_range = session.request("textDocument/codeAction", {{"textDocument", {{"uri", "x"}}}});
  CHECK(no_range["error"]["message"] == "params.range is required");
  json not_file = session.request("textDocument/codeAction", at_start("http://elsewhere/a.txt"));
  CHECK(not_file["error"]["code"] == kInvalidParams);
  session.notify("textDocument/didOpen", {{"textDocument", "nope"}});
  CHECK(session.request("tars/status").contains("result"));
}

TEST_CASE("$/cancelRequest in the same read as its request: RequestCancelled, answered once") {
  LspSession session;
  session.initialize();
  session.transport.deliver(
      {LspSession::request_body(900, "tars/status", json::object()),
       json{{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 900}}}}.dump()});
  CHECK(session.reply_to(900)["error"]["code"] == kRequestCancelled);
  CHECK(session.request("tars/status").contains("result"));
  for (const json& message : session.seen) CHECK(message.value("id", json()) != 900);
}

TEST_CASE("code actions: Commands for a plain client, from the index, nothing elsewhere") {
  LspSession session;
  add_improvement(session);
  session.initialize();
  std::string uri = session.uri("a.txt");
  json actions = session.request("textDocument/codeAction", at_start(uri))["result"];
  CHECK(titles(actions) == std::vector<std::string>{"TARS: imp-hi", "Preview (dry run): imp-hi"});
  CHECK(actions[0]["command"] == "tars.execute");
  CHECK(actions[0]["arguments"] == json{{{"improvementId", "imp-hi"}}});
  CHECK(actions[1]["arguments"][0]["dryRun"] == true);
  json elsewhere = at_start(uri);
  elsewhere["range"]["start"]["character"] = 8;
  elsewhere["range"]["end"]["character"] = 9;
  CHECK(session.request("textDocument/codeAction", elsewhere)["result"] == json::array());
  json only_fixes = at_start(uri, {{"only", {"quickfix"}}});
  CHECK(session.request("textDocument/codeAction", only_fixes)["result"] == json::array());
}

TEST_CASE("code actions: literals resolved lazily; a stale improvement is disabled with why") {
  LspSession session;
  add_improvement(session);
  session.initialize({{"textDocument",
                       {{"codeAction",
                         {{"codeActionLiteralSupport", json::object()},
                          {"disabledSupport", true},
                          {"dataSupport", true},
                          {"resolveSupport", {{"properties", {"command"}}}}}}}}});
  std::string uri = session.uri("a.txt");
  session.notify("textDocument/didOpen",
                 {{"textDocument", {{"uri", uri}, {"version", 1}, {"text", "hello world\n"}}}});
  json action = session.request("textDocument/codeAction", at_start(uri))["result"][0];
  CHECK(action["kind"] == "refactor.rewrite");
  CHECK_FALSE(action.contains("command"));
  json resolved = session.request("codeAction/resolve", action)["result"];
  CHECK(resolved["command"]["arguments"][0]["improvementId"] == "imp-hi");

  session.notify(
      "textDocument/didChange",
      {{"textDocument", {{"uri", uri}, {"version", 2}}},
       {"contentChanges",
        {{{"range",
           {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 5}}}}},
          {"text", "howdy"}}}}});
  json stale = session.request("textDocument/codeAction", at_start(uri))["result"];
  REQUIRE(stale.size() == 2);
  CHECK(stale[0]["disabled"]["reason"] ==
        "Improvement is stale: a.txt changed since it was created");
}
