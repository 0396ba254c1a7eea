#pragma once
// The state store: .tars/state.db (SQLite, WAL, synchronous=FULL). Holds execution
// contexts, steps, transactions, file operations with before/after hashes, file
// contents deduplicated by hash, logs and validation results. Schema is versioned.
// All methods are thread-safe (one connection behind a mutex) and throw Error(Io)
// on SQLite failures with SQLite's message.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/diagnostic.h"

struct sqlite3;

namespace tars {

namespace fs = std::filesystem;

enum class ContextStatus {
  Running,
  Simulated,
  AwaitingReview,
  Failed,
  RolledBack,
  PartiallyRolledBack,
  Approved,
  Rejected,
  Cancelled,
};
std::string_view to_string(ContextStatus status);  // "running", "awaiting_review", ...
ContextStatus context_status_from_string(std::string_view text);  // throws Error(BadInput)

struct ContextRecord {
  std::string id;
  std::string improvement_id;
  std::string mode = "real";  // real | dry-run
  ContextStatus status = ContextStatus::Running;
  bool validate = false;
  bool auto_rollback = false;
  std::string output_dir;
  int total_steps = 0;
  int done_steps = 0;
  std::string current_step;
  std::int64_t created_at = 0;  // ms since the epoch
  std::int64_t updated_at = 0;
  std::int64_t finished_at = 0;  // 0 while running
  int pid = 0;                   // process that runs or ran it
  std::string message;           // last status reason
};

struct StepRecord {
  std::string id;  // unique within the context, e.g. "modify:src/a.cpp"
  std::string kind;
  std::string path;
  std::string depends_on;          // comma-separated step ids
  std::string status = "pending";  // pending | running | done | failed | skipped | simulated
  std::string message;
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;
};

struct TransactionRecord {
  std::string id;
  std::string context_id;
  std::string status = "open";  // open | committed | rolled_back | partially_rolled_back
};

enum class FileOpKind { Modify, Create, Delete, Rename };
enum class FileOpState { Intent, Applied, Simulated, RolledBack, Conflict };
std::string_view to_string(FileOpKind kind);
std::string_view to_string(FileOpState state);

struct FileOpRecord {
  std::int64_t id = 0;  // assigned by add_file_ops
  std::string context_id;
  std::string transaction_id;
  FileOpKind kind = FileOpKind::Modify;
  std::string path;          // workspace-relative; for Rename the old path
  std::string new_path;      // Rename only
  std::string before_hash;   // empty when the file did not exist (Create)
  std::string after_hash;    // empty when the file will not exist (Delete)
  unsigned before_mode = 0;  // 0 when the file did not exist
  FileOpState state = FileOpState::Intent;
};

struct LogRecord {
  std::int64_t at = 0;
  std::string level;  // info | warning | error
  std::string message;
};

struct ValidationRecord {
  std::string name;    // "syntax:src/a.json", "test"
  std::string kind;    // syntax | command
  std::string phase;   // before-write | after-write
  std::string status;  // passed | failed | timeout | error | skipped
  std::string output;  // captured output (capped)
  std::vector<Diagnostic> diagnostics;
  std::int64_t duration_ms = 0;
};

class StateStore {
 public:
  explicit StateStore(const fs::path& db_file);  // creates or migrates the schema
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  static int schema_version();

  // Content blobs, keyed by content_hash(); put is a no-op for a known hash. Stored
  // compressed where that pays (core/blob_codec.h); put_blobs compresses on all threads.
  struct BlobRef {
    const std::string& hash;
    std::string_view bytes;
  };
  void put_blob(const std::string& hash, std::string_view bytes);
  void put_blobs(const std::vector<BlobRef>& blobs);
  // The contents improvements were computed against (for rebasing), by hash. Losing them
  // to a power cut makes an improvement stale, never wrong: committed without fsync.
  void put_bases(const std::map<std::string, std::string>& contents);
  bool has_blob(const std::string& hash);
  std::optional<std::string> get_blob(const std::string& hash);

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT (rolled back if fn throws). Nested calls
  // from the same thread join the outer transaction. The commit is durable on return.
  template <typename Fn>
  void in_transaction(Fn&& fn);
  // Like in_transaction, but the commit is not fsynced (atomic, not durable on power
  // loss): for data that can be lost without harm, such as rebase bases on import.
  template <typename Fn>
  void in_lazy_transaction(Fn&& fn);

  void create_context(const ContextRecord& context);
  std::optional<ContextRecord> get_context(const std::string& id);
  std::vector<ContextRecord> list_contexts();  // newest first
  std::vector<ContextRecord> contexts_with_status(ContextStatus status);
  void set_context_status(const std::string& id, ContextStatus status, const std::string& message);
  void set_progress(const std::string& id, int done_steps, int total_steps,
                    const std::string& current_step);

  void add_steps(const std::string& context_id, const std::vector<StepRecord>& steps);
  void set_step_status(const std::string& context_id, const std::string& step_id,
                       const std::string& status, const std::string& message = "");
  void set_step_statuses(const std::string& context_id, const std::vector<std::string>& step_ids,
                         const std::string& status);
  std::vector<StepRecord> steps(const std::string& context_id);

  void add_transaction(const TransactionRecord& transaction);
  void set_transaction_status(const std::string& id, const std::string& status);
  std::vector<TransactionRecord> transactions(const std::string& context_id);

  // Inserts the records and writes their assigned ids back.
  void add_file_ops(std::vector<FileOpRecord>& ops);
  void set_file_op_state(std::int64_t id, FileOpState state);
  void set_file_op_states(const std::vector<std::int64_t>& ids, FileOpState state);
  std::vector<FileOpRecord> file_ops(const std::string& context_id);

  void log(const std::string& context_id, const std::string& level, const std::string& message);
  std::vector<LogRecord> logs(const std::string& context_id);

  // An improvement's status (pending, applied, ...) is state, kept here rather than in
  // its file, so executing a large improvement never rewrites it.
  void set_improvement_status(const std::string& id, const std::string& status);
  std::map<std::string, std::string> improvement_statuses();

  void add_validation(const std::string& context_id, const ValidationRecord& record);
  std::vector<ValidationRecord> validations(const std::string& context_id);

 private:
  class Statement;
  Statement& statement(const char* sql);  // prepared once, cached
  void exec(const char* sql);
  void migrate();
  void begin();
  void commit();
  void rollback_transaction();

  sqlite3* db_ = nullptr;
  std::map<const char*, std::unique_ptr<Statement>> statements_;
  std::recursive_mutex mutex_;
  int depth_ = 0;
};

template <typename Fn>
void StateStore::in_transaction(Fn&& fn) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  begin();
  try {
    fn();
  } catch (...) {
    rollback_transaction();
    throw;
  }
  commit();
}

template <typename Fn>
void StateStore::in_lazy_transaction(Fn&& fn) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  exec("PRAGMA synchronous=NORMAL");
  try {
    in_transaction(std::forward<Fn>(fn));
  } catch (...) {
    exec("PRAGMA synchronous=FULL");
    throw;
  }
  exec("PRAGMA synchronous=FULL");
}

std::int64_t now_ms();

}  // namespace tars
