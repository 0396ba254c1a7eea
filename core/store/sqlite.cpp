#include "core/store/sqlite.h"

#include <sqlite3.h>

#include "core/base/error.h"

namespace tars {

namespace {

[[noreturn]] void fail(sqlite3* db) {
  throw Error(ErrorKind::Io, std::string("state.db: ") + sqlite3_errmsg(db));
}

}  // namespace

Statement::Statement(sqlite3* db, const char* sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail(db);
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
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw Error(ErrorKind::Io, "state.db: " + message);
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

Database::Database(const std::filesystem::path& file) {
  if (sqlite3_open_v2(
          file.c_str(), &db_,
          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW,
          nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error(ErrorKind::Io, "Cannot open " + file.string() + ": " + message);
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
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
// stays and is checkpointed once it holds 256 pages (1 MiB, which is also the most a
// process reads to rebuild the WAL's index when it opens the database), and it is cut
// back to 4 MiB after a large import made it grow.
void Database::keep_wal_between_processes() {
  sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  exec("PRAGMA wal_autocheckpoint=256");
  exec("PRAGMA journal_size_limit=4194304");
}

Database::~Database() {
  statements_.clear();
  sqlite3_close(db_);
}

void Database::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(ErrorKind::Io, "state.db: " + text);
  }
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
