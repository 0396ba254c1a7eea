// tars/health: the server's own view of its version, workspace and config.
#include <doctest/doctest.h>

#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"
#include "server/health.h"
#include "test_support.h"
#include "version/version.h"

using namespace tars;
using namespace tars::test;

TEST_CASE(
    "health names the server's release and workspace; no config is valid and needs no trust") {
  WorkspaceFixture f;
  Engine engine(f.workspace);
  nlohmann::json report = server::health_report(engine);
  CHECK(report["name"] == "tars-lsp");
  CHECK(report["version"] == release_version());
  CHECK(report["gitDescribe"] == git_describe());
  CHECK(report["workspace"] == f.workspace.root().string());
  CHECK(report["config"]["exists"] == false);
  CHECK(report["config"]["valid"] == true);
  CHECK(report["config"]["needsTrust"] == false);
}

TEST_CASE("health tells a config with commands untrusted, then trusted") {
  WorkspaceFixture f;
  write(f.dir / ".tars/config.json",
        R"({"validation": {"commands": [{"name": "test", "run": ["python3", "t.py"]}]}})");
  Engine engine(f.workspace);
  nlohmann::json config = server::health_report(engine)["config"];
  CHECK(config["exists"] == true);
  CHECK(config["valid"] == true);
  CHECK(config["trusted"] == false);
  CHECK(config["needsTrust"] == true);
  CHECK(config["programs"] == nlohmann::json::array({"test: python3 t.py"}));
  TrustStore().trust(f.workspace.root(), load_workspace_config(f.workspace).hash);
  config = server::health_report(engine)["config"];
  CHECK(config["trusted"] == true);
  CHECK(config["needsTrust"] == false);
}

TEST_CASE("health reports a malformed config with the reason") {
  WorkspaceFixture f;
  write(f.dir / ".tars/config.json", R"({"validation": {"commands": [{"name": 1}]}})");
  Engine engine(f.workspace);
  nlohmann::json config = server::health_report(engine)["config"];
  CHECK(config["valid"] == false);
  CHECK(config["error"].get<std::string>().find(".tars/config.json") != std::string::npos);
}
