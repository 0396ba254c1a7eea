#include <doctest/doctest.h>

#include <unistd.h>

#include "core/base/error.h"
#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;
using tars::test::write;

namespace {

std::string config_error(const std::string& text) {
  TempDir dir;
  write(dir / ".tars/config.json", text);
  return tars::test::error_message([&] { load_workspace_config(Workspace(dir.path())); },
                                   ErrorKind::BadInput);
}

}  // namespace

TEST_CASE("a missing config is empty; a full one is read") {
  TempDir dir;
  Workspace workspace(dir.path());
  WorkspaceConfig none = load_workspace_config(workspace);
  CHECK_FALSE(none.exists);
  CHECK(none.validation_commands.empty());

  fs::create_directories(dir / "tests");
  write(dir / ".tars/config.json", R"({"validation": {"commands": [
      {"name": "test", "run": ["python3", "-m", "unittest"], "cwd": "tests", "timeoutSeconds": 5, "matcher": "python"},
      {"name": "lint", "run": ["true"]}],
    "syntax": {"cpp": ["g++", "-fsyntax-only"]}}, "futureKey": 1})");
  WorkspaceConfig config = load_workspace_config(workspace);
  CHECK(config.exists);
  CHECK(config.hash.size() == 64);
  REQUIRE(config.validation_commands.size() == 2);
  CHECK(config.validation_commands[0].cwd == "tests");
  CHECK(config.validation_commands[0].timeout_seconds == 5);
  CHECK(config.validation_commands[0].matcher == "python");
  CHECK(config.validation_commands[1].cwd == ".");
  CHECK(config.validation_commands[1].matcher == "generic");
  CHECK(config.syntax_checkers.at("cpp") == std::vector<std::string>{"g++", "-fsyntax-only"});
}

TEST_CASE("bad configs say what and where") {
  CHECK(config_error("{").find(".tars/config.json: not valid JSON") == 0);
  CHECK(config_error(R"({"validation": {"commands": [{"name": "t", "run": []}]}})")
            .find("validation.commands[0].run must be a non-empty array of strings") !=
        std::string::npos);
  CHECK(
      config_error(R"({"validation": {"commands": [{"run": ["x"]}]}})").find("name is required") !=
      std::string::npos);
  CHECK(config_error(
            R"({"validation": {"commands": [{"name": "t", "run": ["x"], "matcher": "eslint"}]}})")
            .find("matcher 'eslint' is unknown") != std::string::npos);
  CHECK(
      config_error(R"({"validation": {"commands": [{"name": "t", "run": ["x"], "cwd": "../.."}]}})")
          .find("inside the workspace") != std::string::npos);
  CHECK(config_error(
            R"({"validation": {"commands": [{"name": "t", "run": ["x"], "timeoutSeconds": 0}]}})")
            .find("positive integer") != std::string::npos);
}

TEST_CASE("trust is per workspace and per config hash") {
  TempDir dir;
  TrustStore trust(dir / "conf/tars/trusted.json");
  CHECK_FALSE(trust.is_trusted(dir.path(), "hash-1"));
  trust.trust(dir.path(), "hash-1");
  CHECK(trust.is_trusted(dir.path(), "hash-1"));
  CHECK_FALSE(trust.is_trusted(dir.path(), "hash-2"));
  CHECK_FALSE(trust.is_trusted(dir / "other", "hash-1"));
  CHECK((fs::status(dir / "conf/tars/trusted.json").permissions() & fs::perms::others_read) ==
        fs::perms::none);
  write(dir / "conf/tars/trusted.json", "corrupt");
  CHECK_FALSE(trust.is_trusted(dir.path(), "hash-1"));
  trust.trust(dir.path(), "hash-3");
  CHECK(trust.is_trusted(dir.path(), "hash-3"));

  fs::permissions(dir / "conf/tars/trusted.json", fs::perms(0666));  // others may write it
  CHECK_FALSE(trust.is_trusted(dir.path(), "hash-3"));
  fs::permissions(dir / "conf/tars/trusted.json", fs::perms(0600));
  CHECK(trust.is_trusted(dir.path(), "hash-3"));
  if (::geteuid() == 0) {  // as root a file can be given away: another user's file trusts nothing
    REQUIRE(::chown((dir / "conf/tars/trusted.json").c_str(), 65534, 65534) == 0);
    CHECK_FALSE(trust.is_trusted(dir.path(), "hash-3"));
  }

  std::string home = std::getenv("HOME");
  unsetenv("HOME");
  CHECK_FALSE(default_trust_file().string().starts_with("/tmp"));
  setenv("HOME", home.c_str(), 1);
  setenv("TARS_TRUST_FILE", "/tmp/x/trust.json", 1);
  CHECK(default_trust_file() == "/tmp/x/trust.json");
  unsetenv("TARS_TRUST_FILE");
  setenv("XDG_CONFIG_HOME", "/tmp/cfg", 1);
  CHECK(default_trust_file() == "/tmp/cfg/tars/trusted.json");
  unsetenv("XDG_CONFIG_HOME");
}

TEST_CASE("generators are read with defaults; bad ones say what and where") {
  TempDir dir;
  Workspace workspace(dir.path());
  write(dir / ".tars/config.json", R"({"generators": [
      {"name": "clang-tidy", "run": ["clang-tidy", "-p", "build"], "produces": "patch",
       "output": "build/fixes.yaml", "cwd": "."},
      {"name": "ruff", "run": ["ruff", "check", "--diff"], "produces": "patch", "timeoutSeconds": 20}]})");
  WorkspaceConfig config = load_workspace_config(workspace);
  REQUIRE(config.generators.size() == 2);
  CHECK(config.generators[0].command.name == "clang-tidy");
  CHECK(config.generators[0].command.timeout_seconds == 300);
  CHECK(config.generators[0].output == "build/fixes.yaml");
  CHECK(config.generators[1].command.timeout_seconds == 20);
  CHECK(config.generators[1].output == "stdout");
  CHECK(config.validation_commands.empty());

  CHECK(config_error(R"({"generators": {}})") == ".tars/config.json: generators must be an array");
  CHECK(config_error(R"({"generators": [{"name": "x", "run": ["a"]}]})")
            .starts_with(".tars/config.json: generators[0].produces is required ("));
  CHECK(config_error(R"({"generators": [{"name": "x", "run": ["a"], "produces": "word"}]})")
            .starts_with(".tars/config.json: generators[0].produces 'word' is unknown ("));
  CHECK(
      config_error(R"({"generators": [{"name": "a/b", "run": ["a"], "produces": "patch"}]})") ==
      ".tars/config.json: generators[0].name 'a/b' may only use letters, digits, '.', '_' and '-'");
  CHECK(config_error(R"({"generators": [{"name": "x", "run": ["a"], "produces": "patch",
        "output": "../out"}]})") ==
        ".tars/config.json: generators[0].output '../out' must be \"stdout\" or a file inside "
        "the workspace (not in .git/ or .tars/)");
  CHECK(config_error(R"({"generators": [{"name": "x", "run": ["a"], "produces": "patch"},
        {"name": "x", "run": ["b"], "produces": "patch"}]})") ==
        ".tars/config.json: generators[1].name 'x' is used twice");
  CHECK(config_error(R"({"generators": [{"name": "x", "produces": "patch"}]})") ==
        ".tars/config.json: generators[0].run is required");
}
