#include "core/execution/combined_improvements.h"

#include <doctest/doctest.h>

#include "core/base/hash.h"
#include "engine_fixture.h"

using namespace tars;
using namespace tars::test;

namespace {

constexpr const char* kText = "int* p = NULL;\nif (x) return;\nint* q = NULL;\n";

Improvement improvement(const std::string& id, std::vector<FileChange> changes) {
  Improvement made;
  made.id = id;
  made.title = "fix " + id;
  made.changes = std::move(changes);
  return made;
}

std::string applied(const std::string& content, const FileChange& change) {
  return apply_edits(content, change.edits);
}

}  // namespace

TEST_CASE("edits of one file made against the same content merge into one change") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  write(fx.dir / "a.cpp", kText);
  Improvement nullptr_fix = improvement("imp-n", {fx.edit("a.cpp", kText, "NULL", "nullptr")});
  nullptr_fix.changes[0].edits.push_back({std::string(kText).rfind("NULL"), "NULL", "nullptr"});
  Improvement braces = improvement("imp-b", {fx.edit("a.cpp", kText, " return;", " { return; }")});
  Improvement combined = combine_improvements(fx.workspace, engine.store(), {nullptr_fix, braces});
  REQUIRE(combined.changes.size() == 1);
  CHECK(combined.id == "imp-n");
  CHECK(combined.changes[0].base_hash == content_hash(kText));
  CHECK(applied(kText, combined.changes[0]) ==
        "int* p = nullptr;\nif (x) { return; }\nint* q = nullptr;\n");
  CHECK(combined.changes[0].group == "imp-n: fix imp-n + imp-b: fix imp-b");
}

TEST_CASE("an edit two improvements both make is applied once; an insertion goes first") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  write(fx.dir / "a.cpp", kText);
  Improvement first = improvement("imp-1", {fx.edit("a.cpp", kText, "NULL", "nullptr")});
  Improvement second = improvement("imp-2", {fx.edit("a.cpp", kText, "NULL", "nullptr")});
  FileChange insertion = fx.edit("a.cpp", kText, "NULL", "NULL");
  insertion.edits[0] = {insertion.edits[0].offset, "", "/*p*/"};
  Improvement third = improvement("imp-3", {insertion});
  Improvement combined = combine_improvements(fx.workspace, engine.store(), {first, second, third});
  CHECK(applied(kText, combined.changes[0]) ==
        "int* p = /*p*/nullptr;\nif (x) return;\nint* q = NULL;\n");
}

TEST_CASE("overlapping edits of two improvements are refused, naming both") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  write(fx.dir / "a.cpp", kText);
  Improvement one = improvement("imp-1", {fx.edit("a.cpp", kText, "NULL", "nullptr", &engine)});
  Improvement two = improvement("imp-2", {fx.edit("a.cpp", kText, "p = NULL", "p = 0")});
  std::string message = error_message(
      [&] {
        combine_improvements(fx.workspace, engine.store(), {one, two});
      },
      ErrorKind::PlanInvalid);
  CHECK(message ==
        "Execution plan validation failed: improvements imp-2 and imp-1 cannot be combined: "
        "their edits overlap at line 1 in a.cpp; execute them separately");
}

TEST_CASE("an improvement made against another's result is rebased onto it") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  write(fx.dir / "a.cpp", kText);
  Improvement one = improvement("imp-1", {fx.edit("a.cpp", kText, "int* p", "long* p")});
  std::string after_one = applied(kText, one.changes[0]);
  Improvement two = improvement("imp-2", {fx.edit("a.cpp", after_one, "q = NULL", "q = nullptr")});
  // Made against a third content: its base must be stored to be rebased.
  std::string other = std::string(kText) + "// end\n";
  Improvement three =
      improvement("imp-3", {fx.edit("a.cpp", other, "if (x)", "if (x != 0)", &engine)});
  Improvement combined = combine_improvements(fx.workspace, engine.store(), {one, two, three});
  REQUIRE(combined.changes.size() == 1);
  CHECK(combined.changes[0].base_hash == content_hash(kText));
  CHECK(applied(kText, combined.changes[0]) ==
        "long* p = NULL;\nif (x != 0) return;\nint* q = nullptr;\n");
}

TEST_CASE("improvements sharing a file share a transaction; the others keep their own") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  for (const char* name : {"x", "y", "z"}) write(fx.dir / name, "text\n");
  Improvement a = improvement("imp-a", {fx.edit("x", "text\n", "text", "A")});
  Improvement b = improvement(
      "imp-b", {fx.edit("y", "text\n", "text", "B"), fx.edit("x", "text\n", "\n", "!\n")});
  Improvement c = improvement("imp-c", {fx.edit("z", "text\n", "text", "C")});
  Improvement combined = combine_improvements(fx.workspace, engine.store(), {a, b, c});
  REQUIRE(combined.changes.size() == 3);
  CHECK(combined.changes[0].path == "x");
  CHECK(applied("text\n", combined.changes[0]) == "A!\n");
  CHECK(combined.changes[0].group == "imp-a: fix imp-a + imp-b: fix imp-b");
  CHECK(combined.changes[1].group == combined.changes[0].group);
  CHECK(combined.changes[2].group == "imp-c: fix imp-c");
}

TEST_CASE("a file created, deleted or renamed by one improvement cannot be changed by another") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  write(fx.dir / "x", "text\n");
  FileChange rename;
  rename.kind = ChangeKind::Rename;
  rename.path = "x";
  rename.new_path = "y";
  FileChange create;
  create.kind = ChangeKind::Create;
  create.path = "y";
  create.content = "new\n";
  Improvement moves = improvement("imp-m", {rename});
  Improvement creates = improvement("imp-c", {create});
  std::string message = error_message(
      [&] {
        combine_improvements(fx.workspace, engine.store(), {moves, creates});
      },
      ErrorKind::PlanInvalid);
  CHECK(message.find("improvements imp-m and imp-c cannot be combined: both change the file") !=
        std::string::npos);
  Improvement edits = improvement("imp-e", {fx.edit("x", "text\n", "text", "T")});
  CHECK_THROWS_AS(combine_improvements(fx.workspace, engine.store(), {moves, edits}), Error);
}

TEST_CASE("one execution of several improvements: statuses, transactions, rollback of one") {
  EngineFixture fx;
  Engine engine(fx.workspace);
  write(fx.dir / "a.txt", "a\n");
  write(fx.dir / "b.txt", "b\n");
  fx.save("imp-a", {fx.edit("a.txt", "a\n", "a", "A")});
  fx.save("imp-b", {fx.edit("b.txt", "b\n", "b", "B")});
  ExecuteOptions options;
  options.threads = 2;
  ExecutionResult result = engine.execute(std::vector<std::string>{"imp-b", "imp-a"}, options);
  REQUIRE(result.error.empty());
  CHECK(result.context.improvement_id == "imp-b");
  CHECK(result.context.improvement_ids == std::vector<std::string>{"imp-b", "imp-a"});
  CHECK(engine.improvement("imp-a").status == "applied");
  CHECK(engine.improvement("imp-b").status == "applied");
  ContextDetail detail = engine.detail(result.context.id);
  REQUIRE(detail.transactions.size() == 2);
  std::string tx_of_b;
  for (const FileOpRecord& op : detail.file_ops)
    if (op.path == "b.txt") tx_of_b = op.transaction_id;
  engine.rollback(result.context.id, {RollbackScopeKind::Transaction, tx_of_b}, false);
  CHECK(read(fx.dir / "b.txt") == "b\n");
  CHECK(read(fx.dir / "a.txt") == "A\n");
  CHECK(engine.improvement("imp-b").status == "pending");
  CHECK(engine.improvement("imp-a").status == "applied");
  engine.rollback(result.context.id, {}, false);
  CHECK(engine.improvement("imp-a").status == "pending");
  CHECK_THROWS_AS(engine.execute(std::vector<std::string>{"imp-a", "imp-a"}, options), Error);
}
