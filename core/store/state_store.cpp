#include "core/store/state_store.h"

#include <chrono>
#include <set>

#include "core/base/error.h"
#include "core/base/join.h"
#include "core/base/parallel.h"
#include "core/store/blob_codec.h"
#include "core/store/rows.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"

namespace tars {

namespace {

// "SELECT <columns> <rest>", built once per call site.
std::string select(const char* columns, const char* rest) {
  return std::string("SELECT ") + columns + " " + rest;
}

}  // namespace

StateStore::StateStore(const fs::path& db_file) {
  db_ = std::make_unique<Database>(db_file);
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  migrate(*db_);
  db_->sync_new_wal_entry();
}

std::unique_ptr<StateStore> StateStore::empty() {
  auto store = std::make_unique<StateStore>(":memory:");
  store->exec("PRAGMA query_only=ON");
  return store;
}

StateStore::~StateStore() = default;

int StateStore::schema_version() {
  return kSchemaVersion;
}

void StateStore::exec(const char* sql) {
  db_->exec(sql);
}

Statement& StateStore::statement(const char* sql) {
  return db_->statement(sql);
}

void StateStore::begin() {
  db_->begin();
}

void StateStore::commit() {
  db_->commit();
}

void StateStore::rollback_transaction() {
  db_->rollback();
}

void StateStore::wait_when_busy(bool wait) {
  db_->wait_when_busy(wait);
}

// ---- blobs

void StateStore::put_blob(const std::string& hash, std::string_view bytes) {
  put_blobs({{hash, bytes}});
}

void StateStore::put_blobs(const std::vector<BlobRef>& blobs) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::vector<const BlobRef*> fresh;
  std::set<std::string_view> seen;
  for (const BlobRef& blob : blobs)
    if (seen.insert(blob.hash).second && !has_blob(blob.hash)) fresh.push_back(&blob);
  std::vector<PackedBlob> packed(fresh.size());
  parallel_for(fresh.size(), default_thread_count(),
               [&](std::size_t i) { packed[i] = pack_blob(fresh[i]->bytes); });
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    bool raw = packed[i].encoding == BlobEncoding::Raw;
    statement("INSERT OR IGNORE INTO blobs(hash, size, content, encoding) VALUES(?, ?, ?, ?)")
        .text(1, fresh[i]->hash)
        .integer(2, static_cast<std::int64_t>(fresh[i]->bytes.size()))
        .blob(3, raw ? fresh[i]->bytes : std::string_view(packed[i].bytes))
        .integer(4, static_cast<int>(packed[i].encoding))
        .run();
  }
}

void StateStore::put_bases(const std::map<std::string, std::string>& contents) {
  std::vector<BlobRef> blobs;
  blobs.reserve(contents.size());
  for (const auto& [hash, content] : contents) blobs.push_back({hash, content});
  in_lazy_transaction([&] { put_blobs(blobs); });
}

bool StateStore::has_blob(const std::string& hash) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s = statement("SELECT 1 FROM blobs WHERE hash = ?").text(1, hash);
  bool found = s.step();
  s.reset();
  return found;
}

std::optional<std::string> StateStore::get_blob(const std::string& hash) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s =
      statement("SELECT content, size, encoding FROM blobs WHERE hash = ?").text(1, hash);
  if (!s.step()) return std::nullopt;
  std::string content = s.column_text(0);
  auto size = static_cast<std::size_t>(s.column_integer(1));
  auto encoding = static_cast<BlobEncoding>(s.column_integer(2));
  s.reset();
  if (encoding == BlobEncoding::Raw) return content;
  auto unpacked = unpack_blob(content, size);
  if (!unpacked) throw Error(ErrorKind::Io, "state.db: the stored copy of " + hash + " is corrupt");
  return unpacked;
}

// ---- contexts

namespace {

std::string joined_ids(const ContextRecord& c) {
  return c.improvement_ids.empty() ? c.improvement_id : join(c.improvement_ids, " ");
}

}  // namespace

void StateStore::create_context(const ContextRecord& c) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement(
      "INSERT INTO contexts(id, improvement_id, mode, status, validate, auto_rollback, output_dir, "
      "total_steps, "
      "done_steps, current_step, created_at, updated_at, finished_at, pid, message) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .text(1, c.id)
      .text(2, joined_ids(c))
      .text(3, c.mode)
      .text(4, to_string(c.status))
      .integer(5, c.validate)
      .integer(6, c.auto_rollback)
      .text(7, c.output_dir)
      .integer(8, c.total_steps)
      .integer(9, c.done_steps)
      .text(10, c.current_step)
      .integer(11, c.created_at)
      .integer(12, c.updated_at)
      .integer(13, c.finished_at)
      .integer(14, c.pid)
      .text(15, c.message)
      .run();
}

std::optional<ContextRecord> StateStore::get_context(const std::string& id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql = select(kContextColumns, "FROM contexts WHERE id = ?");
  Statement& s = statement(sql.c_str()).text(1, id);
  if (!s.step()) return std::nullopt;
  ContextRecord context = read_context(s);
  s.reset();
  return context;
}

std::vector<ContextRecord> StateStore::list_contexts() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql =
      select(kContextColumns, "FROM contexts ORDER BY created_at DESC, rowid DESC");
  Statement& s = statement(sql.c_str());
  std::vector<ContextRecord> contexts;
  while (s.step()) contexts.push_back(read_context(s));
  return contexts;
}

std::vector<ContextRecord> StateStore::contexts_with_status(ContextStatus status) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql =
      select(kContextColumns, "FROM contexts WHERE status = ? ORDER BY created_at, rowid");
  Statement& s = statement(sql.c_str()).text(1, to_string(status));
  std::vector<ContextRecord> contexts;
  while (s.step()) contexts.push_back(read_context(s));
  return contexts;
}

void StateStore::set_context_status(const std::string& id, ContextStatus status,
                                    const std::string& message) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::int64_t now = now_ms();
  statement(
      "UPDATE contexts SET status = ?, message = ?, updated_at = ?, finished_at = ? WHERE id = ?")
      .text(1, to_string(status))
      .text(2, message)
      .integer(3, now)
      .integer(4, is_final(status) ? now : 0)
      .text(5, id)
      .run();
}

void StateStore::set_progress(const std::string& id, int done_steps, int total_steps,
                              const std::string& current_step) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement(
      "UPDATE contexts SET done_steps = ?, total_steps = ?, current_step = ?, updated_at = ? WHERE "
      "id = ?")
      .integer(1, done_steps)
      .integer(2, total_steps)
      .text(3, current_step)
      .integer(4, now_ms())
      .text(5, id)
      .run();
}

// ---- steps

void StateStore::add_steps(const std::string& context_id, const std::vector<StepRecord>& steps) {
  in_transaction([&] {
    std::int64_t seq = 0;
    for (const StepRecord& step : steps)
      statement(
          "INSERT INTO steps(context_id, id, seq, kind, path, depends_on, status, message, "
          "started_at, "
          "finished_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .text(1, context_id)
          .text(2, step.id)
          .integer(3, seq++)
          .text(4, step.kind)
          .text(5, step.path)
          .text(6, step.depends_on)
          .text(7, to_string(step.status))
          .text(8, step.message)
          .integer(9, step.started_at)
          .integer(10, step.finished_at)
          .run();
  });
}

void StateStore::set_step_status(const std::string& context_id, const std::string& step_id,
                                 StepStatus status, const std::string& message) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement(
      "UPDATE steps SET status = ?, message = ?, finished_at = ? WHERE context_id = ? AND id = ?")
      .text(1, to_string(status))
      .text(2, message)
      .integer(3, now_ms())
      .text(4, context_id)
      .text(5, step_id)
      .run();
}

void StateStore::set_step_statuses(const std::string& context_id,
                                   const std::vector<std::string>& step_ids, StepStatus status) {
  in_transaction([&] {
    std::int64_t now = now_ms();
    for (const std::string& id : step_ids)
      statement("UPDATE steps SET status = ?, finished_at = ? WHERE context_id = ? AND id = ?")
          .text(1, to_string(status))
          .integer(2, now)
          .text(3, context_id)
          .text(4, id)
          .run();
  });
}

std::vector<StepRecord> StateStore::steps(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql =
      select(kStepColumns, "FROM steps WHERE context_id = ? ORDER BY seq");
  Statement& s = statement(sql.c_str()).text(1, context_id);
  std::vector<StepRecord> steps;
  while (s.step()) steps.push_back(read_step(s));
  return steps;
}

// ---- transactions

void StateStore::add_transaction(const TransactionRecord& transaction) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("INSERT INTO transactions(id, context_id, status, name) VALUES(?, ?, ?, ?)")
      .text(1, transaction.id)
      .text(2, transaction.context_id)
      .text(3, to_string(transaction.status))
      .text(4, transaction.name)
      .run();
}

void StateStore::set_transaction_status(const std::string& id, TransactionStatus status) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("UPDATE transactions SET status = ? WHERE id = ?")
      .text(1, to_string(status))
      .text(2, id)
      .run();
}

std::vector<TransactionRecord> StateStore::transactions(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql =
      select(kTransactionColumns, "FROM transactions WHERE context_id = ? ORDER BY rowid");
  Statement& s = statement(sql.c_str()).text(1, context_id);
  std::vector<TransactionRecord> transactions;
  while (s.step()) transactions.push_back(read_transaction(s));
  return transactions;
}

// ---- file operations

void StateStore::add_file_ops(std::vector<FileOpRecord>& ops) {
  in_transaction([&] {
    for (FileOpRecord& op : ops) {
      statement(
          "INSERT INTO file_ops(context_id, transaction_id, kind, path, new_path, before_hash, "
          "after_hash, "
          "before_mode, state, after_mode) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .text(1, op.context_id)
          .text(2, op.transaction_id)
          .text(3, operation_name(op.kind))
          .text(4, op.path)
          .text(5, op.new_path)
          .text(6, op.before_hash)
          .text(7, op.after_hash)
          .integer(8, op.before_mode)
          .text(9, to_string(op.state))
          .integer(10, op.after_mode)
          .run();
      op.id = db_->last_insert_rowid();
    }
  });
}

void StateStore::set_file_op_state(std::int64_t id, FileOpState state) {
  set_file_op_states({id}, state);
}

void StateStore::set_file_op_states(const std::vector<std::int64_t>& ids, FileOpState state) {
  in_transaction([&] {
    for (std::int64_t id : ids)
      statement("UPDATE file_ops SET state = ? WHERE id = ?")
          .text(1, to_string(state))
          .integer(2, id)
          .run();
  });
}

std::vector<FileOpRecord> StateStore::file_ops(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql =
      select(kFileOpColumns, "FROM file_ops WHERE context_id = ? ORDER BY id");
  Statement& s = statement(sql.c_str()).text(1, context_id);
  std::vector<FileOpRecord> ops;
  while (s.step()) ops.push_back(read_file_op(s));
  return ops;
}

void StateStore::set_file_op_outcome(std::int64_t id, FileOpState state,
                                     const std::string& message) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("UPDATE file_ops SET state = ?, message = ? WHERE id = ?")
      .text(1, to_string(state))
      .text(2, message)
      .integer(3, id)
      .run();
}

// ---- undos

void StateStore::begin_undo(const UndoRecord& undo) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement(
      "INSERT OR REPLACE INTO undos(context_id, final_status, pid, started_at) "
      "VALUES(?, ?, ?, ?)")
      .text(1, undo.context_id)
      .text(2, to_string(undo.final_status))
      .integer(3, undo.pid)
      .integer(4, now_ms())
      .run();
}

std::optional<UndoRecord> StateStore::undo_of(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s =
      statement("SELECT final_status, pid FROM undos WHERE context_id = ?").text(1, context_id);
  if (!s.step()) return std::nullopt;
  UndoRecord undo{context_id, status_from_string<ContextStatus>(s.column_text(0)),
                  static_cast<int>(s.column_integer(1))};
  s.reset();
  return undo;
}

void StateStore::end_undo(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("DELETE FROM undos WHERE context_id = ?").text(1, context_id).run();
}

// ---- logs and validations

void StateStore::log(const std::string& context_id, const std::string& level,
                     const std::string& message) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("INSERT INTO logs(context_id, at, level, message) VALUES(?, ?, ?, ?)")
      .text(1, context_id)
      .integer(2, now_ms())
      .text(3, level)
      .text(4, message)
      .run();
}

std::vector<LogRecord> StateStore::logs(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql = select(kLogColumns, "FROM logs WHERE context_id = ? ORDER BY id");
  Statement& s = statement(sql.c_str()).text(1, context_id);
  std::vector<LogRecord> logs;
  while (s.step()) logs.push_back(read_log(s));
  return logs;
}

void StateStore::add_validation(const std::string& context_id, const ValidationRecord& record) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string diagnostics = diagnostics_to_json(record.diagnostics);
  statement(
      "INSERT INTO validations(context_id, name, kind, phase, status, output, diagnostics, "
      "duration_ms) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .text(1, context_id)
      .text(2, record.name)
      .text(3, record.kind)
      .text(4, record.phase)
      .text(5, to_string(record.status))
      .blob(6, record.output)
      .text(7, diagnostics)
      .integer(8, record.duration_ms)
      .run();
}

std::vector<ValidationRecord> StateStore::validations(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql =
      select(kValidationColumns, "FROM validations WHERE context_id = ? ORDER BY id");
  Statement& s = statement(sql.c_str()).text(1, context_id);
  std::vector<ValidationRecord> records;
  while (s.step()) records.push_back(read_validation(s));
  return records;
}

// ---- improvement status

void StateStore::set_improvement_status(const std::string& id, std::string_view status) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("INSERT OR REPLACE INTO improvement_status(id, status, updated_at) VALUES(?, ?, ?)")
      .text(1, id)
      .text(2, status)
      .integer(3, now_ms())
      .run();
}

std::map<std::string, std::string> StateStore::improvement_statuses() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s = statement("SELECT id, status FROM improvement_status");
  std::map<std::string, std::string> statuses;
  while (s.step()) statuses[s.column_text(0)] = s.column_text(1);
  return statuses;
}

std::optional<std::string> StateStore::improvement_status(const std::string& id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s = statement("SELECT status FROM improvement_status WHERE id = ?").text(1, id);
  if (!s.step()) return std::nullopt;
  std::string status = s.column_text(0);
  s.reset();
  return status;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tars
