#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include "core/base/error.h"
#include "core/engine.h"
#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"
#include "test_support.h"

using namespace tars;
using tars::test::error_message;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

namespace {

struct Fixture : tars::test::WorkspaceFixture {
  void configure(const std::string& config, bool trusted = true) {
    write(dir / ".tars/config.json", config);
    if (trusted) TrustStore().trust(workspace.root(), load_workspace_config(workspace).hash);
  }

  std::vector<std::string> listed_ids(Engine& engine) {
    std::vector<std::string> ids;
    for (const Improvement& improvement : engine.list_improvements().improvements)
      ids.push_back(improvement.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

const Improvement* by_source(const GenerateSummary& summary, const std::string& source) {
  for (const Improvement& improvement : summary.improvements)
    if (improvement.source == source) return &improvement;
  return nullptr;
}

// A generator that prints a unified diff on stdout (and noise on stderr).
std::string patch_generator(const std::string& name, const std::string& from,
                            const std::string& to) {
  std::string script =
      "echo analysing >&2; printf '%s\\n' '--- a/calc.py' '+++ b/calc.py' "
      "'@@ -1 +1 @@' '-" +
      from + "' '+" + to + "'";
  return R"({"name": ")" + name + R"(", "run": ["sh", "-c", ")" + script +
         R"("], "produces": "patch"})";
}

}  // namespace

TEST_CASE("rules yield one improvement per rule, one change per file, with diagnostics") {
  Fixture f;
  write(f.dir / "a.txt", "one  \r\ntwo\r\nthree\nfour");
  write(f.dir / "src/b.h", "int b();  \n");
  write(f.dir / "data.bin", std::string("bin  \0 ary", 10));
  write(f.dir / "latin1.txt", "caf\xe9  \n");
  write(f.dir / "skip.log", "ignored  \n");
  write(f.dir / ".gitignore", "*.log\n");
  Engine engine(f.workspace);
  GenerateSummary summary = engine.generate({});
  CHECK(summary.errors.empty());
  CHECK(summary.improvements.size() == 4);

  const Improvement* trailing = by_source(summary, "rule:trailing-whitespace");
  REQUIRE(trailing);
  REQUIRE(trailing->changes.size() == 2);  // not the binary, Latin-1 or ignored file
  CHECK(trailing->changes[0].path == "a.txt");
  CHECK(trailing->changes[0].group == "a.txt");
  CHECK(trailing->changes[1].path == "src/b.h");
  CHECK(trailing->diagnostics.size() == 2);
  CHECK(trailing->title == "Remove trailing whitespace (2 files)");
  CHECK(engine.store().get_blob(trailing->changes[0].base_hash) == read(f.dir / "a.txt"));
  CHECK(trailing->id == generated_id(*trailing));

  const Improvement* mixed = by_source(summary, "rule:mixed-line-endings");
  REQUIRE(mixed);
  CHECK(apply_edits(read(f.dir / "a.txt"), mixed->changes[0].edits) ==
        "one  \r\ntwo\r\nthree\r\nfour");
  CHECK(by_source(summary, "rule:final-newline"));
  CHECK(by_source(summary, "rule:pragma-once")->changes[0].path == "src/b.h");
  CHECK(f.listed_ids(engine).size() == 4);
}

TEST_CASE("generating again replaces pending improvements and never touches executed ones") {
  Fixture f;
  write(f.dir / "a.txt", "a  \n");
  write(f.dir / "b.txt", "b  \n");
  Engine engine(f.workspace);
  GenerateRequest trailing{{"trailing-whitespace"}, {}};
  std::string first = engine.generate(trailing).improvements.at(0).id;

  // The same content: the same id, nothing replaced.
  GenerateSummary again = engine.generate(trailing);
  CHECK(again.improvements.at(0).id == first);
  CHECK(again.replaced.empty());
  CHECK(f.listed_ids(engine) == std::vector<std::string>{first});

  // Changed content: the earlier pending improvement goes.
  write(f.dir / "b.txt", "b \t\n");
  GenerateSummary changed = engine.generate(trailing);
  std::string second = changed.improvements.at(0).id;
  CHECK(second != first);
  CHECK(changed.replaced == std::vector<std::string>{first});
  CHECK(f.listed_ids(engine) == std::vector<std::string>{second});

  // An executed one stays, with its status, when its findings are gone.
  ExecuteOptions options;
  options.threads = 1;
  CHECK(engine.execute(second, options).context.status == ContextStatus::AwaitingReview);
  write(f.dir / "c.txt", "c  \n");
  GenerateSummary after = engine.generate(trailing);
  CHECK(after.replaced.empty());
  std::string third = after.improvements.at(0).id;
  CHECK(engine.improvement(second).status == "applied");
  std::vector<std::string> expected{second, third};
  std::sort(expected.begin(), expected.end());
  CHECK(f.listed_ids(engine) == expected);

  // Rolled back, it is pending again but was executed: regenerated, it is kept as is.
  write(f.dir / "c.txt", "c\n");
  engine.rollback(engine.contexts().front().id, {}, false);
  GenerateSummary rolled = engine.generate(trailing);
  REQUIRE(rolled.improvements.size() == 1);
  CHECK(rolled.improvements[0].id == second);
  CHECK(rolled.replaced == std::vector<std::string>{third});
}

TEST_CASE("unknown rules and generators are usage errors; --rule alone ignores the config") {
  Fixture f;
  Engine engine(f.workspace);
  CHECK(error_message(
            [&] {
              engine.generate({{"tabs"}, {}});
            },
            ErrorKind::Usage) ==
        "Unknown rule 'tabs' (known: trailing-whitespace, final-newline, mixed-line-endings, "
        "pragma-once)");
  CHECK(error_message(
            [&] {
              engine.generate({{}, {"lint"}});
            },
            ErrorKind::Usage) ==
        "Unknown generator 'lint' (configured in .tars/config.json: none)");
  write(f.dir / ".tars/config.json", "{broken");
  CHECK_NOTHROW(engine.generate({{"final-newline"}, {}}));
  error_message([&] { engine.generate({}); }, ErrorKind::BadInput);
}

TEST_CASE("generators run only from a trusted config") {
  Fixture f;
  write(f.dir / "calc.py", "x = 1\n");
  f.configure(R"({"generators": [)" + patch_generator("fix", "x = 1", "x = 2") + "]}", false);
  Engine engine(f.workspace);
  std::string message = error_message([&] { engine.generate({}); }, ErrorKind::ValidationFailed);
  CHECK(message.find("defines generators but is not trusted") != std::string::npos);
  CHECK(f.listed_ids(engine).empty());                             // refused before any rule ran
  CHECK(engine.generate({{"final-newline"}, {}}).errors.empty());  // rules need no trust
}

TEST_CASE("a trusted generator's stdout is imported; stderr is not part of it") {
  Fixture f;
  write(f.dir / "calc.py", "x = 1\n");
  f.configure(R"({"generators": [)" + patch_generator("fix", "x = 1", "x = 2") + "]}");
  Engine engine(f.workspace);
  GenerateSummary summary = engine.generate({{}, {"fix"}});
  CHECK(summary.errors.empty());
  REQUIRE(summary.improvements.size() == 1);
  const Improvement& improvement = summary.improvements[0];
  CHECK(improvement.source == "generator:fix");
  CHECK(improvement.title == "Apply fix.patch");
  CHECK(apply_edits("x = 1\n", improvement.changes.at(0).edits) == "x = 2\n");
  CHECK(read(f.dir / ".tars/generators/fix.patch").starts_with("--- a/calc.py"));
}

TEST_CASE("a failing generator is reported; the others run and its earlier improvements stay") {
  Fixture f;
  write(f.dir / "calc.py", "x = 1\n");
  f.configure(R"({"generators": [)" + patch_generator("fix", "x = 1", "x = 2") + "]}");
  Engine engine(f.workspace);
  std::string earlier = engine.generate({}).improvements.at(0).id;

  f.configure(R"({"generators": [
      {"name": "broken", "run": ["sh", "-c", "echo no compiler >&2; exit 3"], "produces": "patch"},
      {"name": "missing", "run": ["no-such-analyzer"], "produces": "patch"},
      {"name": "garbage", "run": ["echo", "--- not a patch"], "produces": "patch"},
      {"name": "slow", "run": ["sleep", "30"], "produces": "patch", "timeoutSeconds": 1},
      {"name": "nofile", "run": ["true"], "produces": "patch", "output": "out/fixes.patch"},
      {"name": "quiet", "run": ["true"], "produces": "patch"},
      )" + patch_generator("fix", "x = 1", "x = 3") +
              "]}");
  GenerateSummary summary =
      engine.generate({{}, {"broken", "missing", "garbage", "slow", "nofile", "quiet"}});
  REQUIRE(summary.errors.size() == 4);
  CHECK(summary.errors[0] ==
        "Generator 'broken' failed: exited with 3 and produced no output:\nno compiler");
  CHECK(summary.errors[1].find("Generator 'missing' failed: cannot run 'no-such-analyzer'") == 0);
  CHECK(summary.errors[2].find("Generator 'garbage' failed: its output cannot be imported") == 0);
  CHECK(summary.errors[3].find("Generator 'slow' failed: timed out after 1 s") == 0);
  CHECK(summary.warnings ==
        std::vector<std::string>{
            "Generator 'nofile' wrote no out/fixes.patch; taken as nothing to fix"});
  CHECK(summary.improvements.empty());  // "nofile" and "quiet" found nothing
  CHECK(f.listed_ids(engine) == std::vector<std::string>{earlier});

  GenerateSummary fixed = engine.generate({{}, {"fix"}});
  CHECK(fixed.replaced == std::vector<std::string>{earlier});
}

TEST_CASE("a generator's named output file is removed before it runs, then imported") {
  Fixture f;
  write(f.dir / "calc.py", "x = 1\n");
  write(f.dir / "out/fixes.patch", "stale content from an earlier run\n");
  f.configure(R"({"generators": [{"name": "tool", "cwd": "out", "produces": "patch",
      "output": "out/fixes.patch", "run": ["sh", "-c",
      "printf '%s\\n' '--- a/calc.py' '+++ b/calc.py' '@@ -1 +1 @@' '-x = 1' '+x = 4' > fixes.patch"]}]})");
  Engine engine(f.workspace);
  GenerateSummary summary = engine.generate({{}, {"tool"}});
  CHECK(summary.errors.empty());
  REQUIRE(summary.improvements.size() == 1);
  CHECK(apply_edits("x = 1\n", summary.improvements[0].changes.at(0).edits) == "x = 4\n");
}
