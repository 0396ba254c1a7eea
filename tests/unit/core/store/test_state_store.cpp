#include <doctest/doctest.h>

#include <sqlite3.h>

#include "core/base/error.h"
#include "core/store/state_store.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

namespace {

ContextRecord context(const std::string& id, std::int64_t created_at) {
  ContextRecord c;
  c.id = id;
  c.improvement_id = "imp-1";
  c.created_at = c.updated_at = created_at;
  c.total_steps = 4;
  return c;
}

}  // namespace

TEST_CASE("the schema is created, versioned, and a newer one is refused") {
  TempDir dir;
  fs::create_directories(dir / ".tars");
  { StateStore store(dir / ".tars/state.db"); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / ".tars/state.db").c_str(), &db) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    StateStore again(dir / ".tars/state.db");
    FAIL("expected a refusal");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("schema version 99") != std::string::npos);
  }
}

TEST_CASE("blobs keep every byte and are stored once per hash") {
  TempDir dir;
  StateStore store(dir / "state.db");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  store.put_blob("h1", bytes);
  store.put_blob("h1", "ignored: same hash");
  CHECK(store.has_blob("h1"));
  CHECK_FALSE(store.has_blob("h2"));
  CHECK(store.get_blob("h1") == bytes);
  CHECK_FALSE(store.get_blob("h2"));
}

namespace {

std::int64_t stored_size(const fs::path& db_file, const std::string& hash) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_file.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT length(content) FROM blobs WHERE hash = ?", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, hash.c_str(), -1, SQLITE_TRANSIENT);
  std::int64_t size = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return size;
}

}  // namespace

TEST_CASE("blobs are stored compressed when that pays, and read back byte for byte") {
  TempDir dir;
  std::string source;
  for (int i = 0; i < 400; ++i) source += "int f" + std::to_string(i) + "(int v) { return v; }\n";
  std::string noise;
  for (unsigned i = 0, x = 12345; i < 20000; ++i)
    noise += static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
  {
    StateStore store(dir / "state.db");
    std::string h1 = "source", h2 = "noise", h3 = "tiny", tiny("ab\0c", 4);
    store.put_blobs({{h1, source}, {h2, noise}, {h3, tiny}, {h1, "a duplicate in the batch"}});
    CHECK(store.get_blob("source") == source);
    CHECK(store.get_blob("noise") == noise);
    CHECK(store.get_blob("tiny") == tiny);
  }
  CHECK(stored_size(dir / "state.db", "source") < static_cast<std::int64_t>(source.size()) / 3);
  CHECK(stored_size(dir / "state.db", "noise") == static_cast<std::int64_t>(noise.size()));
}

TEST_CASE(
    "a version 1 store gains blob encodings, summaries and file ops' modes, keeping its rows") {
  TempDir dir;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "state.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "CREATE TABLE blobs(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, content "
                       "BLOB NOT NULL); INSERT INTO blobs VALUES('old', 5, x'68656c6c6f'); "
                       "CREATE TABLE file_ops(id INTEGER PRIMARY KEY, context_id TEXT NOT NULL, "
                       "transaction_id TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL, "
                       "new_path TEXT NOT NULL, before_hash TEXT NOT NULL, after_hash TEXT NOT "
                       "NULL, before_mode INTEGER NOT NULL, state TEXT NOT NULL); "
                       "INSERT INTO file_ops VALUES(1, 'ctx-1', 'tx-1', 'modify', 'a.txt', '', "
                       "'h1', 'h2', 420, 'applied'); CREATE TABLE transactions(id TEXT "
                       "PRIMARY KEY, context_id TEXT NOT NULL, status TEXT NOT NULL); "
                       "PRAGMA user_version=1;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  StateStore store(dir / "state.db");
  CHECK(store.get_blob("old") == "hello");
  auto ops = store.file_ops("ctx-1");
  REQUIRE(ops.size() == 1);
  CHECK(ops[0].before_mode == 0644u);
  CHECK(ops[0].after_mode == 0u);  // not recorded before version 5: rollback ignores it
  std::string text(4096, 'x');
  store.put_blob("new", text);
  CHECK(store.get_blob("new") == text);
  // version 4: a file operation's message, and the undo journal
  CHECK(ops[0].message.empty());
  store.set_file_op_outcome(ops[0].id, FileOpState::Failed, "'a.txt' could not be restored: x");
  CHECK(store.file_ops("ctx-1")[0].state == FileOpState::Failed);
  CHECK(store.file_ops("ctx-1")[0].message == "'a.txt' could not be restored: x");
  store.begin_undo({"ctx-1", ContextStatus::Rejected, 42});
  REQUIRE(store.undo_of("ctx-1"));
  CHECK(store.undo_of("ctx-1")->final_status == ContextStatus::Rejected);
  store.end_undo("ctx-1");
  CHECK(!store.undo_of("ctx-1"));
}

TEST_CASE("a version 5 store opens: its transactions gain an empty name, new ones keep theirs") {
  TempDir dir;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "state.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "CREATE TABLE transactions(id TEXT PRIMARY KEY, context_id TEXT NOT NULL, "
                       "status TEXT NOT NULL); INSERT INTO transactions VALUES('tx-old', "
                       "'ctx-1', 'committed'); PRAGMA user_version=5;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  StateStore store(dir / "state.db");
  store.add_transaction({"tx-new", "ctx-1", TransactionStatus::Open, "modernize-use-nullptr"});
  auto transactions = store.transactions("ctx-1");
  REQUIRE(transactions.size() == 2);
  CHECK(transactions[0].id == "tx-old");
  CHECK(transactions[0].status == TransactionStatus::Committed);
  CHECK(transactions[0].name.empty());
  CHECK(transactions[1].name == "modernize-use-nullptr");
}

TEST_CASE("opening a current store takes no write lock, and the WAL outlives the process") {
  TempDir dir;
  { StateStore(dir / "state.db").put_blob("h", "kept"); }
  // Each command is a process: the WAL is neither checkpointed nor deleted at close (a
  // fsync each), and the next process finds the commits in it.
  CHECK(fs::exists(dir / "state.db-wal"));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "state.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  {
    // Taking the write lock would fail (database is locked) once the busy timeout passed.
    StateStore reader(dir / "state.db");
    CHECK(reader.get_blob("h") == "kept");
  }
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

TEST_CASE("a process leaving a long WAL checkpoints and empties it as it closes") {
  // Every process that opens state.db reads the whole WAL to rebuild its index.
  TempDir dir;
  std::string incompressible;
  for (std::uint32_t x = 1; incompressible.size() < 400'000;) {
    x = x * 1664525u + 1013904223u;  // stored raw: zstd cannot shrink it
    incompressible += static_cast<char>(x >> 24);
  }
  { StateStore(dir / "state.db").put_blob("big", incompressible); }
  CHECK(fs::file_size(dir / "state.db-wal") == 0);
  { StateStore(dir / "state.db").put_blob("small", "a few bytes"); }
  CHECK(fs::file_size(dir / "state.db-wal") > 0);  // kept: no checkpoint for one commit
  StateStore reader(dir / "state.db");
  CHECK(reader.get_blob("big") == incompressible);
  CHECK(reader.get_blob("small") == "a few bytes");
}

TEST_CASE("contexts round-trip, list newest first, and finish with a final status") {
  TempDir dir;
  StateStore store(dir / "state.db");
  store.create_context(context("ctx-old", 1000));
  store.create_context(context("ctx-new", 2000));
  auto all = store.list_contexts();
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "ctx-new");
  CHECK(store.contexts_with_status(ContextStatus::Running).size() == 2);

  store.set_progress("ctx-old", 2, 4, "modify:a.txt");
  auto progressed = store.get_context("ctx-old");
  CHECK(progressed->done_steps == 2);
  CHECK(progressed->current_step == "modify:a.txt");
  CHECK(progressed->finished_at == 0);

  store.set_context_status("ctx-old", ContextStatus::AwaitingReview, "applied");
  auto finished = store.get_context("ctx-old");
  CHECK(finished->status == ContextStatus::AwaitingReview);
  CHECK(finished->message == "applied");
  CHECK(finished->finished_at > 0);
  CHECK_FALSE(store.get_context("ctx-none"));
}

TEST_CASE("steps, transactions, file operations, logs and validations") {
  TempDir dir;
  StateStore store(dir / "state.db");
  store.create_context(context("ctx-1", 1));
  StepRecord step;
  step.id = "modify:a";
  step.kind = "modify";
  step.depends_on = "journal";
  StepRecord other = step;
  other.id = "journal";
  store.add_steps("ctx-1", {other, step});
  store.set_step_statuses("ctx-1", {"journal", "modify:a"}, StepStatus::Done);
  auto steps = store.steps("ctx-1");
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].id == "journal");
  CHECK(steps[1].status == StepStatus::Done);

  store.add_transaction({"tx-1", "ctx-1", TransactionStatus::Open});
  store.set_transaction_status("tx-1", TransactionStatus::Committed);
  CHECK(store.transactions("ctx-1")[0].status == TransactionStatus::Committed);

  std::vector<FileOpRecord> ops(2);
  ops[0].context_id = ops[1].context_id = "ctx-1";
  ops[0].path = "a";
  ops[1].path = "b";
  ops[1].kind = ChangeKind::Rename;
  ops[1].new_path = "c";
  store.add_file_ops(ops);
  CHECK(ops[0].id > 0);
  CHECK(ops[1].id == ops[0].id + 1);
  store.set_file_op_states({ops[0].id, ops[1].id}, FileOpState::Applied);
  auto stored = store.file_ops("ctx-1");
  CHECK(stored[1].state == FileOpState::Applied);
  CHECK(stored[1].kind == ChangeKind::Rename);
  CHECK(stored[1].new_path == "c");

  store.log("ctx-1", "info", "hello");
  CHECK(store.logs("ctx-1")[0].message == "hello");

  ValidationRecord record;
  record.name = "test";
  record.status = ValidationStatus::Failed;
  record.output = std::string("out\0put", 7);
  Diagnostic d;
  d.path = "a.py";
  d.line = 3;
  d.message = "boom";
  record.diagnostics = {d};
  store.add_validation("ctx-1", record);
  auto validations = store.validations("ctx-1");
  REQUIRE(validations.size() == 1);
  CHECK(validations[0].status == ValidationStatus::Failed);
  CHECK(validations[0].output == record.output);
  REQUIRE(validations[0].diagnostics.size() == 1);
  CHECK(validations[0].diagnostics[0].line == 3);
  CHECK(validations[0].diagnostics[0].message == "boom");
}

TEST_CASE("a transaction that throws leaves nothing behind") {
  TempDir dir;
  StateStore store(dir / "state.db");
  CHECK_THROWS(store.in_transaction([&] {
    store.create_context(context("ctx-1", 1));
    store.put_blob("h", "x");
    throw std::runtime_error("abort");
  }));
  CHECK_FALSE(store.get_context("ctx-1"));
  CHECK_FALSE(store.has_blob("h"));
}

TEST_CASE("two connections see each other's commits and a read never pins a stale snapshot") {
  // Regression: a single-row read left its statement active, which kept an old read
  // snapshot and made the next write fail with "database is locked".
  TempDir dir;
  StateStore reader(dir / "state.db");
  StateStore writer(dir / "state.db");
  writer.create_context(context("ctx-1", 1));
  CHECK(reader.get_context("ctx-1")->done_steps == 0);
  writer.set_progress("ctx-1", 3, 4, "sync");
  CHECK(reader.get_context("ctx-1")->done_steps == 3);
  CHECK(reader.has_blob("nope") == false);
  writer.put_blob("h", "x");
  CHECK(reader.get_blob("h") == "x");
  reader.set_context_status("ctx-1", ContextStatus::Cancelled, "from the reader");
  CHECK(writer.get_context("ctx-1")->status == ContextStatus::Cancelled);
}

TEST_CASE("a batch of 2,000 operations and blobs commits in one transaction") {
  TempDir dir;
  StateStore store(dir / "state.db");
  store.create_context(context("ctx-1", 1));
  std::vector<FileOpRecord> ops(2000);
  store.in_transaction([&] {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      ops[i].context_id = "ctx-1";
      ops[i].path = "f" + std::to_string(i);
      store.put_blob("h" + std::to_string(i), std::string(15000, static_cast<char>('a' + i % 26)));
    }
    store.add_file_ops(ops);
  });
  CHECK(store.file_ops("ctx-1").size() == 2000);
  CHECK(store.get_blob("h1999")->size() == 15000);
}

TEST_CASE("a lazy transaction commits like a normal one, and rolls back on an exception") {
  TempDir dir;
  StateStore store(dir / "state.db");
  store.in_lazy_transaction([&] { store.put_blob("h1", "base"); });
  CHECK(store.get_blob("h1") == "base");
  CHECK_THROWS(store.in_lazy_transaction([&] {
    store.put_blob("h2", "x");
    throw std::runtime_error("abort");
  }));
  CHECK_FALSE(store.has_blob("h2"));
  store.in_transaction([&] { store.put_blob("h3", "after"); });  // the durable mode is back
  CHECK(store.get_blob("h3") == "after");
}
