#pragma once
// A thin layer over SQLite's C API: one connection, prepared statements cached by their
// SQL text, nested transactions. Errors become Error(Io) with SQLite's message. Not
// thread-safe: its one user, StateStore, holds a mutex around every use.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tars {

// A prepared statement. Bound bytes are read during step() only, so they are not copied.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void reset();
  Statement& text(int index, std::string_view value);
  Statement& blob(int index, std::string_view value);
  Statement& integer(int index, std::int64_t value);
  // True while there is a row. An active statement pins its read snapshot, so it is
  // reset at SQLITE_DONE here; single-row readers reset it themselves.
  bool step();
  void run();  // steps through every row

  std::string column_text(int column);
  std::int64_t column_integer(int column);

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // Opens (creating) the file in WAL mode with synchronous=FULL; the WAL outlives the
  // process (see keep_wal_between_processes).
  explicit Database(const std::filesystem::path& file);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const char* sql);
  Statement& statement(const char* sql);  // prepared once, reset on every call
  std::int64_t last_insert_rowid();

  // Whether statements wait (the busy timeout) for another process's write transaction,
  // or fail at once.
  void wait_when_busy(bool wait);

  // Makes the WAL's directory entry durable when this connection created the file (once
  // the schema exists, before any other commit); see skip_sqlite_directory_syncs.
  void sync_new_wal_entry();

  // BEGIN IMMEDIATE at the outermost level; nested calls join it.
  void begin();
  void commit();
  void rollback();

 private:
  void keep_wal_between_processes();
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);

  std::filesystem::path file_;
  bool wal_existed_ = true;
  sqlite3* db_ = nullptr;
  int wal_pages_ = 0;  // in the WAL after this connection's last commit
  std::map<const char*, std::unique_ptr<Statement>> statements_;
  int depth_ = 0;
};

}  // namespace tars
