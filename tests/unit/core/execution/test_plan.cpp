#include <doctest/doctest.h>

#include <algorithm>

#include "core/base/error.h"
#include "core/execution/plan.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

namespace {

Improvement two_file_improvement() {
  Improvement improvement;
  improvement.id = "imp-test";
  FileChange a;
  a.path = "a.json";
  a.edits = {{0, "1", "2"}};
  FileChange b;
  b.kind = ChangeKind::Create;
  b.path = "src/b.txt";
  b.content = "new\n";
  improvement.changes = {a, b};
  return improvement;
}

const PlanStep* find(const ExecutionPlan& plan, const std::string& id) {
  for (const auto& step : plan.steps)
    if (step.id == id) return &step;
  return nullptr;
}

// "" when the plan is valid, else the validation message.
std::string plan_error(const ExecutionPlan& plan, const Improvement& improvement,
                       const Workspace& workspace) {
  try {
    validate_plan(plan, improvement, workspace);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::PlanInvalid);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a real plan journals before writing and syncs before commands") {
  TempDir dir;
  Workspace workspace(dir.path());
  Improvement improvement = two_file_improvement();
  ExecutionPlan plan = build_plan(improvement, {false, true, {"test"}, {"json"}});
  CHECK(plan_error(plan, improvement, workspace).empty());
  REQUIRE(find(plan, "journal"));
  CHECK(find(plan, "modify:a.json")->depends_on == std::vector<std::string>{"journal"});
  CHECK(find(plan, "create:src/b.txt")->depends_on == std::vector<std::string>{"journal"});
  // --validate checks syntax before the journal, from the backup step's new content.
  CHECK(find(plan, "validate-syntax:a.json")->depends_on ==
        std::vector<std::string>{"backup:a.json"});
  auto& journal_deps = find(plan, "journal")->depends_on;
  CHECK(std::count(journal_deps.begin(), journal_deps.end(), "validate-syntax:a.json") == 1);
  CHECK(find(plan, "sync")->depends_on.size() == 2);
  CHECK(find(plan, "run-command:test")->depends_on == std::vector<std::string>{"sync"});
  CHECK_FALSE(find(plan, "validate-syntax:src/b.txt"));  // no checker for .txt
}

TEST_CASE("without --validate syntax is checked after the write; dry runs never journal") {
  Improvement improvement = two_file_improvement();
  ExecutionPlan real = build_plan(improvement, {false, false, {}, {"json"}});
  CHECK(find(real, "validate-syntax:a.json")->depends_on == std::vector<std::string>{"sync"});
  CHECK_FALSE(find(build_plan(improvement, {false, false, {}, {}}), "validate-syntax:a.json"));
  ExecutionPlan dry = build_plan(improvement, {true, false, {}, {"json"}});
  CHECK_FALSE(find(dry, "journal"));
  CHECK_FALSE(find(dry, "sync"));
  CHECK(find(dry, "modify:a.json")->depends_on == std::vector<std::string>{"backup:a.json"});
}

TEST_CASE("validation rejects cycles, missing and duplicate steps") {
  TempDir dir;
  Workspace workspace(dir.path());
  Improvement improvement = two_file_improvement();

  ExecutionPlan cycle = build_plan(improvement, {false, false, {}, {}});
  for (auto& step : cycle.steps)
    if (step.id == "journal") step.depends_on.push_back("sync");
  CHECK(plan_error(cycle, improvement, workspace).find("cycle") != std::string::npos);

  ExecutionPlan missing = build_plan(improvement, {false, false, {}, {}});
  missing.steps.back().depends_on.push_back("no-such-step");
  CHECK(plan_error(missing, improvement, workspace).find("missing step 'no-such-step'") !=
        std::string::npos);

  ExecutionPlan duplicate = build_plan(improvement, {false, false, {}, {}});
  duplicate.steps.push_back(duplicate.steps.front());
  CHECK(plan_error(duplicate, improvement, workspace).find("duplicate step") != std::string::npos);
}

TEST_CASE("validation rejects overlapping edits, a file changed twice and outside paths") {
  TempDir dir;
  Workspace workspace(dir.path());

  Improvement overlap = two_file_improvement();
  overlap.changes[0].edits = {{0, "abc", "x"}, {2, "c", "y"}};
  CHECK(
      plan_error(build_plan(overlap, {}), overlap, workspace).find("overlapping edits in a.json") !=
      std::string::npos);

  Improvement twice = two_file_improvement();
  twice.changes[1].path = "./a.json";
  twice.changes[1].kind = ChangeKind::Edit;
  CHECK(plan_error(build_plan(twice, {}), twice, workspace).find("same file") != std::string::npos);

  Improvement outside = two_file_improvement();
  outside.changes[1].path = "../escape.txt";
  CHECK(plan_error(build_plan(outside, {}), outside, workspace).find("outside the workspace") !=
        std::string::npos);

  Improvement into_git = two_file_improvement();
  into_git.changes[1].path = ".git/hooks/pre-commit";
  CHECK(plan_error(build_plan(into_git, {}), into_git, workspace).find(".git/") !=
        std::string::npos);

  Improvement empty;
  empty.id = "imp-empty";
  CHECK(plan_error(build_plan(empty, {}), empty, workspace).find("no changes") !=
        std::string::npos);
}

TEST_CASE("insertions at one offset do not overlap") {
  TempDir dir;
  Workspace workspace(dir.path());
  Improvement improvement = two_file_improvement();
  improvement.changes[0].edits = {{3, "", "x"}, {3, "", "y"}, {3, "abc", "z"}};
  CHECK(plan_error(build_plan(improvement, {}), improvement, workspace).empty());
}
