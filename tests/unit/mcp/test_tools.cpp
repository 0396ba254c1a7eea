#include "core/model/improvement_store.h"
#include "tools_fixture.h"

using namespace tars;
using namespace tars::test;

TEST_CASE("propose_change from edits: a pending improvement and the diff it will apply") {
  ToolsFixture fx;
  write(fx.dir / "calc.py", "def add(a, b):\n    return a - b\n");
  mcp::ToolResult result =
      fx.call("propose_change",
              {{"title", "Fix add"},
               {"description", "add subtracted"},
               {"edits", {{{"path", "calc.py"}, {"oldText", "a - b"}, {"newText", "a + b"}}}}});
  REQUIRE_MESSAGE(!result.is_error, result.summary);
  std::string id = result.structured["improvementId"];
  CHECK(result.structured["files"] == json::array({"calc.py"}));
  CHECK(result.structured["diff"] ==
        "diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n"
        " def add(a, b):\n-    return a - b\n+    return a + b\n");
  CHECK(result.summary.find("call execute with ids [\"" + id + "\"]") != std::string::npos);
  Improvement saved = fx.engine.improvement(id);
  CHECK(saved.title == "Fix add");
  CHECK(saved.description == "add subtracted");
  CHECK(saved.source == "agent");
  CHECK(saved.status == "pending");
  CHECK(read(fx.dir / "calc.py") == "def add(a, b):\n    return a - b\n");
}

TEST_CASE("propose_change from a patch and from whole files") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  mcp::ToolResult patched =
      fx.call("propose_change",
              {{"title", "A"}, {"patch", "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+A\n"}});
  REQUIRE_MESSAGE(!patched.is_error, patched.summary);
  CHECK(patched.structured["diff"].get<std::string>().find("-a\n+A\n") != std::string::npos);
  mcp::ToolResult created = fx.call(
      "propose_change", {{"title", "B"}, {"files", {{{"path", "b.txt"}, {"content", "b\n"}}}}});
  REQUIRE_MESSAGE(!created.is_error, created.summary);
  CHECK(created.structured["diff"].get<std::string>().find("new file mode 100644") !=
        std::string::npos);
  mcp::ToolResult stale =
      fx.call("propose_change",
              {{"title", "C"}, {"patch", "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y\n"}});
  CHECK(stale.is_error);
  CHECK(stale.summary.find("patch:3: hunk does not apply to a.txt") == 0);
}

TEST_CASE("wrong arguments are tool errors that name the argument") {
  ToolsFixture fx;
  mcp::ToolResult typed = fx.call("propose_change", {{"title", "t"}, {"edits", "x"}});
  CHECK(typed.is_error);
  CHECK(typed.summary == "arguments.edits must be an array (see the tool's inputSchema)");
  mcp::ToolResult unknown = fx.call("execute", {{"ids", {"imp-1"}}, {"dry_run", true}});
  CHECK(unknown.is_error);
  CHECK(unknown.summary.find("arguments has an unknown argument 'dry_run' (known: ids, dryRun") ==
        0);
  CHECK(fx.call("propose_change", {{"title", "t"}}).summary.find("exactly one of patch") !=
        std::string::npos);
  CHECK(fx.call("review", json::object()).summary.find("arguments.contextId is required") == 0);
  CHECK(fx.call("rollback", {{"contextId", "ctx-none"}}).summary ==
        "Execution context not found: ctx-none (list_improvements and status show the ids "
        "there are)");
}

TEST_CASE("execute: a valid change awaits a person's review; the agent may roll it back") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  std::string id = fx.propose("a.txt", "a", "A");
  mcp::ToolResult result = fx.call("execute", {{"ids", {id}}});
  REQUIRE_MESSAGE(!result.is_error, result.summary);
  const json& run = result.structured["results"][0];
  CHECK(run["status"] == "awaiting_review");
  CHECK(run["diff"].get<std::string>().find("-a\n+A\n") != std::string::npos);
  CHECK(result.structured["notes"][0].get<std::string>().find("you cannot approve") !=
        std::string::npos);
  CHECK(read(fx.dir / "a.txt") == "A\n");
  std::string context_id = run["contextId"];

  mcp::ToolResult review = fx.call("review", {{"contextId", context_id}});
  CHECK(review.structured["files"][0]["path"] == "a.txt");
  CHECK(review.summary.find("-a\n+A\n") != std::string::npos);
  mcp::ToolResult rolled = fx.call("rollback", {{"contextId", context_id}});
  CHECK_FALSE(rolled.is_error);
  CHECK(rolled.structured["status"] == "rolled_back");
  CHECK(rolled.structured["restored"] == json::array({"a.txt"}));
  CHECK(read(fx.dir / "a.txt") == "a\n");
}

TEST_CASE("execute: a change failing validation is rolled back with its diagnostics") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  fx.configure("import sys; print('a.txt:1: expected a lower-case a'); sys.exit(1)");
  std::string id = fx.propose("a.txt", "a", "A");
  mcp::ToolResult result = fx.call("execute", {{"ids", {id}}});
  CHECK(result.is_error);
  const json& run = result.structured["results"][0];
  CHECK(run["status"] == "rolled_back");
  CHECK(run["diagnostics"] == json::array({"a.txt:1: expected a lower-case a"}));
  CHECK(run["validation"][0]["output"].get<std::string>().find("lower-case") != std::string::npos);
  CHECK(run["diff"].get<std::string>().find("+A\n") != std::string::npos);  // what it tried
  CHECK(result.summary.find("  a.txt:1: expected a lower-case a\n") != std::string::npos);
  CHECK(read(fx.dir / "a.txt") == "a\n");

  mcp::ToolResult status = fx.call("status", {{"contextId", run["contextId"]}});
  CHECK(status.structured["contexts"][0]["diagnostics"] == run["diagnostics"]);
}

TEST_CASE("execute: an untrusted config's commands never run; a person must trust it") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  fx.configure("open('ran', 'w')", false);
  std::string id = fx.propose("a.txt", "a", "A");
  mcp::ToolResult refused = fx.call("execute", {{"ids", {id}}});
  CHECK(refused.is_error);
  CHECK(refused.summary.find("only a person can allow them") != std::string::npos);
  CHECK(refused.summary.find("`tarscli trust`") != std::string::npos);
  CHECK(fx.engine.contexts().empty());

  mcp::ToolResult unvalidated = fx.call("execute", {{"ids", {id}}, {"validate", false}});
  REQUIRE_MESSAGE(!unvalidated.is_error, unvalidated.summary);
  CHECK(unvalidated.structured["notes"][0].get<std::string>().find("need a person's `tarscli "
                                                                   "trust` first") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(fx.dir / "ran"));
}

TEST_CASE("execute several ids: one context each; one that cannot start is reported") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  write(fx.dir / "b.txt", "b\n");
  std::string a = fx.propose("a.txt", "a", "A");
  std::string b = fx.propose("b.txt", "b", "B");
  mcp::ToolResult result = fx.call("execute", {{"ids", {a, "imp-missing", b}}, {"dryRun", true}});
  CHECK(result.is_error);
  const json& runs = result.structured["results"];
  CHECK(runs[0]["status"] == "simulated");
  CHECK(runs[1]["status"] == "not_started");
  CHECK(runs[1]["contextId"].is_null());
  CHECK(runs[1]["message"] == "Improvement not found: imp-missing");
  CHECK(runs[2]["status"] == "simulated");
  CHECK(read(fx.dir / "a.txt") == "a\n");
  CHECK(fx.call("status", json::object()).structured["contexts"].size() == 2);
}

TEST_CASE("rollback leaves what a person approved to the person") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  std::string id = fx.propose("a.txt", "a", "A");
  std::string context_id =
      fx.call("execute", {{"ids", {id}}}).structured["results"][0]["contextId"];
  fx.engine.approve(context_id);
  mcp::ToolResult refused = fx.call("rollback", {{"contextId", context_id}});
  CHECK(refused.is_error);
  CHECK(refused.summary.find("was approved by a person; only a person can undo that") !=
        std::string::npos);
  CHECK(read(fx.dir / "a.txt") == "A\n");
}

TEST_CASE("list_improvements filters by status") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  std::string id = fx.propose("a.txt", "a", "A");
  CHECK(fx.call("list_improvements", json::object()).structured["improvements"][0]["id"] == id);
  CHECK(fx.call("list_improvements", {{"status", "applied"}}).structured["improvements"].empty());
}

TEST_CASE("rollback of one file (any spelling of its path) or one transaction") {
  ToolsFixture fx;
  write(fx.dir / "a.txt", "a\n");
  write(fx.dir / "b.txt", "b\n");
  mcp::ToolResult proposed =
      fx.call("propose_change", {{"title", "both"},
                                 {"edits",
                                  {{{"path", "a.txt"}, {"oldText", "a"}, {"newText", "A"}},
                                   {{"path", "b.txt"}, {"oldText", "b"}, {"newText", "B"}}}}});
  REQUIRE_MESSAGE(!proposed.is_error, proposed.summary);
  json run = fx.call("execute", {{"ids", {proposed.structured["improvementId"]}}})
                 .structured["results"][0];
  std::string context_id = run["contextId"];
  CHECK(fx.call("rollback", {{"contextId", context_id}, {"path", "b.txt"}, {"transactionId", "t"}})
            .summary.find("takes transactionId or path, not both") != std::string::npos);

  mcp::ToolResult file = fx.call("rollback", {{"contextId", context_id}, {"path", "./b.txt"}});
  CHECK(file.structured["restored"] == json::array({"b.txt"}));
  CHECK(file.structured["status"] == "partially_rolled_back");
  CHECK(read(fx.dir / "a.txt") == "A\n");
  CHECK(read(fx.dir / "b.txt") == "b\n");

  std::string transaction = fx.engine.detail(context_id).transactions[0].id;
  mcp::ToolResult rest =
      fx.call("rollback", {{"contextId", context_id}, {"transactionId", transaction}});
  CHECK(rest.structured["status"] == "rolled_back");
  CHECK(read(fx.dir / "a.txt") == "a\n");
}
