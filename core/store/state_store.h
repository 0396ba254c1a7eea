#pragma once
// store/: the only place that knows SQL. The state store is .tars/state.db (SQLite,
// WAL, synchronous=FULL): execution contexts, steps, transactions, file operations with
// before/after hashes, file contents deduplicated by hash, logs and validation results.
// The schema is versioned (schema.h). All methods are thread-safe (one connection behind
// a mutex) and throw Error(Io) on SQLite failures with SQLite's message.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/records.h"

namespace tars {

namespace fs = std::filesystem;

class Database;
class Statement;

class StateStore {
 public:
  // Creates or migrates the schema in `db_file` (its directory must exist; a symlink is
  // refused).
  explicit StateStore(const fs::path& db_file);
  // An empty store in memory that refuses every write: what a workspace without
  // .tars/ reads as, so that reading never creates it.
  static std::unique_ptr<StateStore> empty();
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
  void set_step_status(const std::string& context_id, const std::string& step_id, StepStatus status,
                       const std::string& message = "");
  void set_step_statuses(const std::string& context_id, const std::vector<std::string>& step_ids,
                         StepStatus status);
  std::vector<StepRecord> steps(const std::string& context_id);

  void add_transaction(const TransactionRecord& transaction);
  void set_transaction_status(const std::string& id, TransactionStatus status);
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
  void set_improvement_status(const std::string& id, std::string_view status);
  std::map<std::string, std::string> improvement_statuses();
  std::optional<std::string> improvement_status(const std::string& id);

  void add_validation(const std::string& context_id, const ValidationRecord& record);
  std::vector<ValidationRecord> validations(const std::string& context_id);

 private:
  friend class ImprovementCatalog;  // improvement_catalog.cpp: its table's SQL

  Statement& statement(const char* sql);
  void exec(const char* sql);
  void begin();
  void commit();
  void rollback_transaction();

  std::unique_ptr<Database> db_;
  std::recursive_mutex mutex_;
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

}  // namespace tars
