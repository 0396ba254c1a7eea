#include "core/store/sqlite.h"

#include <sqlite3.h>

#include <cstdlib>

#include "core/base/error.h"

namespace tars {

namespace {

// Another process's write transaction outlasting the busy timeout is named as such.
std::string describe(sqlite3* db, int rc) {
  std::string message = sqlite3_errmsg(db);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return "state.db is locked by another process (" + message + ")";
  return "state.db: " + message;
}

[[noreturn]] void fail(sqlite3* db, int rc) {
  throw Error(ErrorKind::Io, describe(db, rc));
}

// How long a statement waits for another process's write transaction: TARS_BUSY_TIMEOUT_MS,
// else 10 s. SQLite retries within it (its busy handler sleeps and tries again).
int busy_timeout_ms() {
  static const int ms = [] {
    const char* configured = std::getenv("TARS_BUSY_TIMEOUT_MS");
    int value = configured ? std::atoi(configured) : 0;
    return value > 0 ? value : 10000;
  }();
  return ms;
}

}  // namespace

Statement::Statement(sqlite3* db, const char* sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc);
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::text(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::blob(int index, std::string_view value) {
  sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::integer(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    sqlite3_reset(stmt_);
    return false;
  }
  std::string message = describe(db_, rc);
  sqlite3_reset(stmt_);
  throw Error(ErrorKind::Io, message);
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::column_text(int column) {
  auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
              : "";
}

std::int64_t Statement::column_integer(int column) {
  return sqlite3_column_int64(stmt_, column);
}

// No mutex of SQLite's own around each call (a tenth of a listing's instructions went to
// locking it for every column read): StateStore serialises every use of the connection.
Database::Database(const std::filesystem::path& file) {
  if (sqlite3_open_v2(
          file.c_str(), &db_,
          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
          nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error(ErrorKind::Io, "Cannot open " + file.string() + ": " + message);
  }
  try {
    sqlite3_busy_timeout(db_, busy_timeout_ms());
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA mmap_size=1073741824");  // blobs read through the page cache, not pread
    keep_wal_between_processes();
  } catch (...) {
    sqlite3_close(db_);  // a throwing constructor runs no destructor
    throw;
  }
}

// Each tarscli command is a process of its own. By default the last connection to close
// checkpoints the WAL into the database and deletes it (an fsync of each), and the next
// process creates it again (an fsync of its header and one of .tars/): four fsyncs a
// command that protect nothing, as the commits were durable already. Instead the WAL
// stays. But every process that opens the database reads and checksums each page in the
// WAL to rebuild its index (about 14 us a page here), so a process that leaves more
// than kWalPagesAtExit pages there checkpoints and empties it as it closes, which
// bounds what the next one reads. While open, the WAL is checkpointed once it holds
// 256 pages (a server's connection), and cut back to 4 MiB after a large import.
constexpr int kWalPagesAtExit = 64;
constexpr int kWalAutoCheckpointPages = 256;

int Database::on_wal_commit(void* self, sqlite3* db, const char* name, int pages) {
  static_cast<Database*>(self)->wal_pages_ = pages;
  if (pages >= kWalAutoCheckpointPages)
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  return SQLITE_OK;
}

void Database::keep_wal_between_processes() {
  sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_wal_hook(db_, &Database::on_wal_commit, this);
  exec("PRAGMA journal_size_limit=4194304");
}

// A checkpoint another process's reader blocks is left to a later one (no waiting).
Database::~Database() {
  statements_.clear();
  if (wal_pages_ >= kWalPagesAtExit) {
    sqlite3_busy_timeout(db_, 0);
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  sqlite3_close(db_);
}

void Database::exec(const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) fail(db_, rc);
}

Statement& Database::statement(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  slot->reset();
  return *slot;
}

std::int64_t Database::last_insert_rowid() {
  return sqlite3_last_insert_rowid(db_);
}

void Database::wait_when_busy(bool wait) {
  sqlite3_busy_timeout(db_, wait ? busy_timeout_ms() : 0);
}

void Database::begin() {
  if (depth_++ == 0) exec("BEGIN IMMEDIATE");
}

void Database::commit() {
  if (--depth_ == 0) exec("COMMIT");
}

void Database::rollback() {
  if (--depth_ == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace tars
