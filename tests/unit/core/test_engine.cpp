#include <doctest/doctest.h>

#include <cstdlib>

#include "core/base/error.h"
#include "core/base/hash.h"
#include "core/base/workspace_lock.h"
#include "core/engine.h"
#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"
#include "engine_fixture.h"
#include "test_support.h"

using namespace tars;
using tars::test::error_message;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

using Fixture = tars::test::EngineFixture;

TEST_CASE("execute, review and approve an edit") {
  Fixture f;
  write(f.dir / "a.txt", "hello world\n");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "hello world\n", "world", "there")});
  ExecutionResult result = f.run(engine, "imp-1");
  CHECK(result.error.empty());
  CHECK(result.context.status == ContextStatus::AwaitingReview);
  CHECK(read(f.dir / "a.txt") == "hello there\n");
  CHECK(engine.improvement("imp-1").status == "applied");

  ContextDetail detail = engine.detail(result.context.id);
  REQUIRE(detail.file_ops.size() == 1);
  CHECK(detail.file_ops[0].state == FileOpState::Applied);
  CHECK(detail.transactions.size() == 1);
  CHECK(detail.transactions[0].status == TransactionStatus::Committed);
  CHECK(detail.context.done_steps == detail.context.total_steps);

  auto files = engine.review(result.context.id);
  REQUIRE(files.size() == 1);
  CHECK(files[0].original == "hello world\n");
  CHECK(files[0].diff.find("+hello there") != std::string::npos);

  engine.approve(result.context.id);
  CHECK(engine.context(result.context.id).status == ContextStatus::Approved);
}

TEST_CASE("rollback restores bytes, is recorded and idempotent") {
  Fixture f;
  const std::string original = "caf\xc3\xa9 line one\r\nsecond \xe2\x9c\x93\r\n";
  write(f.dir / "src/u.txt", original);
  Engine engine(f.workspace);
  f.save("imp-u", {f.edit("src/u.txt", original, "second", "2nd")});
  std::string id = f.run(engine, "imp-u").context.id;
  CHECK(read(f.dir / "src/u.txt") == "caf\xc3\xa9 line one\r\n2nd \xe2\x9c\x93\r\n");

  RollbackReport report = engine.rollback(id, {}, false);
  CHECK(report.restored == std::vector<std::string>{"src/u.txt"});
  CHECK(report.status == ContextStatus::RolledBack);
  CHECK(read(f.dir / "src/u.txt") == original);

  RollbackReport again = engine.rollback(id, {}, false);
  CHECK(again.restored.empty());
  CHECK(again.conflicts.empty());
  CHECK(read(f.dir / "src/u.txt") == original);
}

TEST_CASE("rollback refuses a file changed since, and --force keeps that version") {
  Fixture f;
  write(f.dir / "a.txt", "one\n");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "one\n", "one", "two")});
  std::string id = f.run(engine, "imp-1").context.id;
  write(f.dir / "a.txt", "two, then my edit\n");

  RollbackReport refused = engine.rollback(id, {}, false);
  REQUIRE(refused.conflicts.size() == 1);
  CHECK(refused.conflicts[0].find("a.txt changed since the execution wrote it") !=
        std::string::npos);
  CHECK(refused.status == ContextStatus::PartiallyRolledBack);
  CHECK(read(f.dir / "a.txt") == "two, then my edit\n");

  RollbackReport forced = engine.rollback(id, {}, true);
  CHECK(forced.conflicts.empty());
  CHECK(read(f.dir / "a.txt") == "one\n");
  REQUIRE(forced.saved_backups.size() == 1);
  CHECK(read(f.dir / forced.saved_backups[0]) == "two, then my edit\n");
  CHECK(engine.context(id).status == ContextStatus::RolledBack);
}

TEST_CASE("a stale improvement is refused; one changed elsewhere is rebased") {
  Fixture f;
  const std::string base = "alpha\nbeta\ngamma\n";
  write(f.dir / "a.txt", base);
  Engine engine(f.workspace);
  f.save("imp-g", {f.edit("a.txt", base, "gamma", "GAMMA", &engine)});
  f.save("imp-b", {f.edit("a.txt", base, "beta", "BETA", &engine)});

  write(f.dir / "a.txt", "new first line\nalpha\nbeta\ngamma\n");
  CHECK(f.run(engine, "imp-g").context.status == ContextStatus::AwaitingReview);
  CHECK(read(f.dir / "a.txt") == "new first line\nalpha\nbeta\nGAMMA\n");

  write(f.dir / "a.txt", "new first line\nalpha\nbeta changed\nGAMMA\n");
  std::string message = error_message([&] { f.run(engine, "imp-b"); }, ErrorKind::Stale);
  CHECK(message.starts_with("Improvement is stale: a.txt changed since it was created"));
  CHECK(read(f.dir / "a.txt") == "new first line\nalpha\nbeta changed\nGAMMA\n");
}

TEST_CASE("a dry run writes nothing and records what would change") {
  Fixture f;
  write(f.dir / "a.txt", "one\n");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "one\n", "one", "two")});
  ExecuteOptions options;
  options.dry_run = true;
  ExecutionResult result = f.run(engine, "imp-1", options);
  CHECK(result.context.status == ContextStatus::Simulated);
  CHECK(result.context.mode == "dry-run");
  CHECK(read(f.dir / "a.txt") == "one\n");
  auto files = engine.review(result.context.id);
  REQUIRE(files.size() == 1);
  CHECK(files[0].current == "two\n");
  CHECK(files[0].diff.find("+two") != std::string::npos);
}

TEST_CASE("a syntax error fails validation: kept, rolled back, or never written") {
  Fixture f;
  const std::string json = "{\"a\": 1}\n";
  write(f.dir / "c.json", json);
  Engine engine(f.workspace);
  f.save("imp-j", {f.edit("c.json", json, "1}", "1,}")});

  ExecutionResult kept = f.run(engine, "imp-j");
  CHECK(kept.validation_failed);
  CHECK(kept.error.starts_with("Validation failed"));
  CHECK(kept.context.status == ContextStatus::Failed);
  CHECK(read(f.dir / "c.json") == "{\"a\": 1,}\n");
  engine.rollback(kept.context.id, {}, false);
  CHECK(read(f.dir / "c.json") == json);

  ExecuteOptions auto_rollback;
  auto_rollback.auto_rollback = true;
  ExecutionResult undone = f.run(engine, "imp-j", auto_rollback);
  CHECK(undone.validation_failed);
  CHECK(undone.context.status == ContextStatus::RolledBack);
  CHECK(read(f.dir / "c.json") == json);

  ExecuteOptions validate;
  validate.validate = true;
  ExecutionResult refused = f.run(engine, "imp-j", validate);
  CHECK(refused.validation_failed);
  CHECK(refused.context.status == ContextStatus::Failed);
  CHECK(refused.context.message.find("nothing was written") != std::string::npos);
  CHECK(read(f.dir / "c.json") == json);
  auto validations = engine.store().validations(refused.context.id);
  REQUIRE(validations.size() == 1);
  CHECK(validations[0].phase == "before-write");
  CHECK_FALSE(validations[0].diagnostics.empty());
}

TEST_CASE("create, delete and rename apply and roll back; a transaction rolls back alone") {
  Fixture f;
  write(f.dir / "gone.txt", "bye\n");
  write(f.dir / "old/name.sh", "#!/bin/sh\necho hi\n");
  fs::permissions(f.dir / "old/name.sh", fs::perms(0755));
  Engine engine(f.workspace);
  FileChange create;
  create.kind = ChangeKind::Create;
  create.path = "new/dir/file.txt";
  create.content = "fresh\n";
  FileChange remove;
  remove.kind = ChangeKind::Delete;
  remove.path = "gone.txt";
  remove.base_hash = content_hash("bye\n");
  FileChange rename;
  rename.kind = ChangeKind::Rename;
  rename.path = "old/name.sh";
  rename.new_path = "bin/name.sh";
  rename.base_hash = content_hash("#!/bin/sh\necho hi\n");
  f.save("imp-x", {create, remove, rename});

  std::string id = f.run(engine, "imp-x").context.id;
  CHECK(read(f.dir / "new/dir/file.txt") == "fresh\n");
  CHECK_FALSE(fs::exists(f.dir / "gone.txt"));
  CHECK_FALSE(fs::exists(f.dir / "old/name.sh"));
  CHECK((fs::status(f.dir / "bin/name.sh").permissions() & fs::perms::owner_exec) !=
        fs::perms::none);

  ContextDetail detail = engine.detail(id);
  REQUIRE(detail.transactions.size() == 3);
  std::string delete_transaction;
  for (const auto& op : detail.file_ops)
    if (op.path == "gone.txt") delete_transaction = op.transaction_id;
  RollbackReport one =
      engine.rollback(id, {RollbackScopeKind::Transaction, delete_transaction}, false);
  CHECK(one.status == ContextStatus::PartiallyRolledBack);
  CHECK(read(f.dir / "gone.txt") == "bye\n");
  CHECK(fs::exists(f.dir / "new/dir/file.txt"));

  error_message(
      [&] {
        engine.rollback(id, {RollbackScopeKind::Transaction, "tx-nope"}, false);
      },
      ErrorKind::NotFound);

  engine.rollback(id, {RollbackScopeKind::All, ""}, false);
  CHECK_FALSE(fs::exists(f.dir / "new"));
  CHECK(read(f.dir / "old/name.sh") == "#!/bin/sh\necho hi\n");
  CHECK((fs::status(f.dir / "old/name.sh").permissions() & fs::perms::owner_exec) !=
        fs::perms::none);
  CHECK_FALSE(fs::exists(f.dir / "bin/name.sh"));
  CHECK(engine.context(id).status == ContextStatus::RolledBack);
}

TEST_CASE("reject of one file rolls back only that file") {
  Fixture f;
  Engine engine(f.workspace);
  std::string id = f.run_two_edits(engine);
  RollbackReport report = engine.reject(id, std::string("b.txt"));
  CHECK(report.status == ContextStatus::PartiallyRolledBack);
  CHECK(read(f.dir / "a.txt") == "A\n");
  CHECK(read(f.dir / "b.txt") == "b\n");
  engine.reject(id, std::nullopt);
  CHECK(engine.context(id).status == ContextStatus::Rejected);
  CHECK(read(f.dir / "a.txt") == "a\n");
}

TEST_CASE("an interrupted execution is rolled back when the engine next opens") {
  Fixture f;
  write(f.dir / "a.txt", "after\n");  // the crash left the new content
  std::string id;
  {
    Engine engine(f.workspace);
    ContextRecord context;
    context.id = id = "ctx-crashed";
    context.improvement_id = "imp-1";
    context.pid = 999999;
    context.created_at = now_ms();
    engine.store().create_context(context);
    engine.store().put_blob(content_hash("before\n"), "before\n");
    std::vector<FileOpRecord> ops(1);
    ops[0].context_id = id;
    ops[0].transaction_id = "tx-1";
    ops[0].path = "a.txt";
    ops[0].before_hash = content_hash("before\n");
    ops[0].after_hash = content_hash("after\n");
    ops[0].before_mode = 0644;
    engine.store().add_file_ops(ops);
    write(f.dir / ".a.txt.0123456789abcdef.tars-tmp", "half written");
    write(f.dir / ".a.txt.not-ours.tars-tmp", "a person's file");
  }
  Engine reopened(f.workspace);
  CHECK(reopened.recovered() == std::vector<std::string>{id});
  CHECK(read(f.dir / "a.txt") == "before\n");
  CHECK_FALSE(fs::exists(f.dir / ".a.txt.0123456789abcdef.tars-tmp"));
  CHECK(fs::exists(f.dir / ".a.txt.not-ours.tars-tmp"));
  ContextDetail detail = reopened.detail(id);
  CHECK(detail.context.status == ContextStatus::RolledBack);
  CHECK(detail.context.message.find("interrupted") != std::string::npos);
}

TEST_CASE("a second execution while one holds the workspace is refused as busy") {
  Fixture f;
  write(f.dir / "a.txt", "one\n");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "one\n", "one", "two")});
  WorkspaceLock held = WorkspaceLock::acquire(f.workspace, "context ctx-other");
  std::string message = error_message([&] { f.run(engine, "imp-1"); }, ErrorKind::Busy);
  CHECK(message.find("ctx-other") != std::string::npos);
  CHECK(read(f.dir / "a.txt") == "one\n");
}

TEST_CASE("configured commands run only when trusted, and a failing one fails validation") {
  Fixture f;
  write(f.dir / "a.txt", "one\n");
  write(
      f.dir / ".tars/config.json",
      R"({"validation": {"commands": [{"name": "check", "run": ["sh", "-c", "echo 'a.txt:1: bad value' >&2; exit 1"], "matcher": "generic"}]}})");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "one\n", "one", "two")});
  ExecuteOptions options;
  options.validate = true;
  options.auto_rollback = true;
  std::string message =
      error_message([&] { f.run(engine, "imp-1", options); }, ErrorKind::ValidationFailed);
  CHECK(message.find("tarscli trust") != std::string::npos);
  CHECK(read(f.dir / "a.txt") == "one\n");

  TrustStore().trust(f.workspace.root(), load_workspace_config(f.workspace).hash);
  ExecutionResult result = f.run(engine, "imp-1", options);
  CHECK(result.validation_failed);
  CHECK(result.context.status == ContextStatus::RolledBack);
  CHECK(read(f.dir / "a.txt") == "one\n");
  auto validations = engine.store().validations(result.context.id);
  REQUIRE(validations.size() == 1);
  CHECK(validations[0].status == ValidationStatus::Failed);
  REQUIRE(validations[0].diagnostics.size() == 1);
  CHECK(validations[0].diagnostics[0].path == "a.txt");
  CHECK(validations[0].diagnostics[0].message.find("bad value") != std::string::npos);
}

TEST_CASE("unknown ids are not found") {
  Fixture f;
  Engine engine(f.workspace);
  std::string message = error_message([&] { f.run(engine, "imp-nope"); }, ErrorKind::NotFound);
  CHECK(message == "Improvement not found: imp-nope");
  error_message([&] { engine.context("ctx-nope"); }, ErrorKind::NotFound);
}
