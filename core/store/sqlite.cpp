#include "core/store/sqlite.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

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

// SQLite fsyncs a journal's directory on the first sync of every process, as it cannot
// tell whether the file was just created. The WAL is kept across processes here, so
// that fsync is a repeat after the first; the one a WAL's creation needs is made by
// Database::sync_new_wal_entry instead. Process-wide, so set only once a database with
// its WAL is opened: creating one (the rollback journal of its switch to WAL) keeps
// SQLite's own syncs.
int no_directory(const char*, int* fd) {
  *fd = -1;
  return SQLITE_CANTOPEN;  // unixSync then skips the directory's fsync
}

void skip_sqlite_directory_syncs() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
    if (vfs && vfs->iVersion >= 3 && vfs->xSetSystemCall)
      vfs->xSetSystemCall(vfs, "openDirectory",
                          reinterpret_cast<sqlite3_syscall_ptr>(&no_directory));
  });
}

std::filesystem::path wal_of(const std::filesystem::path& file) {
  return std::filesystem::path(file.string() + "-wal");
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
Database::Database(const std::filesystem::path& file) : file_(file) {
  std::error_code error;
  wal_existed_ = file == ":memory:" || std::filesystem::exists(wal_of(file), error);
  if (wal_existed_ && file != ":memory:") skip_sqlite_directory_syncs();
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
// The WAL's entry in its directory, made durable once, as the process that created the
// file (SQLite's own fsync of the directory is skipped: skip_sqlite_directory_syncs).
void Database::sync_new_wal_entry() {
  std::error_code error;
  if (wal_existed_ || !std::filesystem::exists(wal_of(file_), error)) return;
  int dir = ::open(file_.parent_path().empty() ? "." : file_.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0 || ::fsync(dir) != 0) {
    int failure = errno;
    if (dir >= 0) ::close(dir);
    throw Error(ErrorKind::Io,
                "Cannot fsync the directory of " + file_.string() + ": " + std::strerror(failure));
  }
  ::close(dir);
  wal_existed_ = true;
}

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
