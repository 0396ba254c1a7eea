// workspace/executeCommand over the in-memory transport: the binder's tars.* commands,
// executions on the thread pool with $/progress, cancelling one, and the errors.
#include <doctest/doctest.h>

#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"
#include "lsp_session.h"

using namespace tars;
using tars::server::json;
using tars::test::LspSession;

namespace {

const int kInvalidParams = -32602;

json command(LspSession& session, const std::string& name, json argument) {
  return session.request("workspace/executeCommand",
                         {{"command", name}, {"arguments", json::array({std::move(argument)})}});
}

// An improvement capitalising a.txt's "hello".
void add_improvement(LspSession& session) {
  test::write(session.dir / "a.txt", "hello world\n");
  session.save("imp-hi", {session.edit("a.txt", "hello world\n", "hello", "HELLO")});
}

json progress(LspSession& session, const std::string& token, const std::string& kind) {
  return session.notification("$/progress", [&](const json& p) {
    return p["token"] == token && p["value"]["kind"] == kind;
  });
}

const json kProgressClient = {{"window", {{"workDoneProgress", true}}}};

}  // namespace

TEST_CASE("tars.execute runs in the background with progress; tars.rollback undoes it") {
  LspSession session;
  add_improvement(session);
  session.initialize(kProgressClient);
  json started = command(session, "tars.execute", {{"improvementId", "imp-hi"}})["result"];
  std::string context = started["contextId"];
  std::string token = started["workDoneToken"];
  CHECK(started["improvementIds"] == json{"imp-hi"});
  CHECK(session.server_requests.at(0)["method"] == "window/workDoneProgress/create");
  progress(session, token, "begin");
  json end = progress(session, token, "end");
  CHECK(end["value"]["message"] == "imp-hi: awaiting_review");
  session.notification("tars/contextChanged", [&](const json& p) {
    return p == json{{"contextId", context}, {"status", "awaiting_review"}};
  });
  CHECK(test::read(session.dir / "a.txt") == "HELLO world\n");

  json status = session.request("tars/status", {{"contextId", context}})["result"];
  CHECK(status["status"] == "awaiting_review");
  json review = command(session, "tars.review", {{"contextId", context}})["result"];
  CHECK(review["files"][0]["original"] == "hello world\n");
  json rolled = command(session, "tars.rollback", {{"contextId", context}})["result"];
  CHECK(rolled["status"] == "rolled_back");
  CHECK(test::read(session.dir / "a.txt") == "hello world\n");
}

TEST_CASE("tars.approve and tars.reject close an execution") {
  LspSession session;
  add_improvement(session);
  session.initialize();
  std::string first =
      command(session, "tars.execute", {{"improvementId", "imp-hi"}})["result"]["contextId"];
  session.notification("tars/contextChanged", [&](const json& p) {
    return p["contextId"] == first && p["status"] == "awaiting_review";
  });
  CHECK(command(session, "tars.approve", {{"contextId", first}})["result"]["status"] == "approved");
  CHECK(test::read(session.dir / "a.txt") == "HELLO world\n");

  test::write(session.dir / "b.txt", "hello\n");
  session.save("imp-b", {session.edit("b.txt", "hello\n", "hello", "bye")});
  std::string second =
      command(session, "tars.execute", {{"improvementId", "imp-b"}})["result"]["contextId"];
  session.notification("tars/contextChanged", [&](const json& p) {
    return p["contextId"] == second && p["status"] == "awaiting_review";
  });
  json rejected = command(session, "tars.reject", {{"contextId", second}})["result"];
  CHECK(rejected["status"] == "rejected");
  CHECK(test::read(session.dir / "b.txt") == "hello\n");
}

TEST_CASE("command errors: typed arguments, unknown commands, the core's errors") {
  LspSession session;
  session.initialize();
  auto error = [&](const std::string& name, json argument) {
    return command(session, name, std::move(argument))["error"];
  };
  CHECK(error("tars.rollback", {{"contextId", 5}})["message"] ==
        "arguments[0].contextId must be a string");
  CHECK(error("tars.execute", 5)["message"] == "arguments[0] must be an object");
  CHECK(error("tars.execute", {{"improvementIds", json::array()}})["message"] ==
        "arguments[0].improvementIds must be a non-empty array");
  CHECK(error("tars.execute", {{"improvementId", "imp-x"}, {"dryRun", "yes"}})["message"] ==
        "arguments[0].dryRun must be a boolean");
  json unknown = error("tars.nope", json::object());
  CHECK(unknown["code"] == kInvalidParams);
  CHECK(unknown["message"] == "unknown command 'tars.nope'");
  json missing = error("tars.execute", {{"improvementId", "imp-none"}});
  CHECK(missing["code"] == kInvalidParams);
  CHECK(std::string(missing["message"]).find("Improvement not found") != std::string::npos);
  CHECK(error("tars.approve", {{"contextId", "ctx-none"}})["code"] == kInvalidParams);
}

TEST_CASE("cancelling an execution's progress stops it and rolls it back") {
  LspSession session;
  add_improvement(session);
  test::write(session.dir / ".tars/config.json",
              R"({"validation": {"commands": [{"name": "gate",
                  "run": ["sh", "-c", "while true; do sleep 0.05; done"]}]}})");
  TrustStore().trust(session.dir.path(), load_workspace_config(session.workspace).hash);
  session.initialize(kProgressClient);
  json started = command(session, "tars.execute", {{"improvementId", "imp-hi"}})["result"];
  std::string token = started["workDoneToken"];
  progress(session, token, "begin");
  session.notify("window/workDoneProgress/cancel", {{"token", token}});
  json end = progress(session, token, "end");
  CHECK(std::string(end["value"]["message"]).find("cancelled") != std::string::npos);
  CHECK(test::read(session.dir / "a.txt") == "hello world\n");
}
