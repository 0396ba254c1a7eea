#include "core/store/state_store.h"

#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/model/diagnostic_json.h"
#include "core/store/blob_codec.h"

namespace tars {

namespace {

constexpr int kSchemaVersion = 2;

// Version 0 -> 1. Later versions append a migration; never edit a shipped one.
const char* kSchemaV1 = R"sql(
CREATE TABLE contexts(
  id TEXT PRIMARY KEY, improvement_id TEXT NOT NULL, mode TEXT NOT NULL, status TEXT NOT NULL,
  validate INTEGER NOT NULL, auto_rollback INTEGER NOT NULL, output_dir TEXT NOT NULL,
  total_steps INTEGER NOT NULL, done_steps INTEGER NOT NULL, current_step TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER NOT NULL,
  pid INTEGER NOT NULL, message TEXT NOT NULL);
CREATE INDEX contexts_by_status ON contexts(status);
CREATE TABLE steps(
  context_id TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
  path TEXT NOT NULL, depends_on TEXT NOT NULL, status TEXT NOT NULL, message TEXT NOT NULL,
  started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL, PRIMARY KEY(context_id, id));
CREATE TABLE transactions(
  id TEXT PRIMARY KEY, context_id TEXT NOT NULL, status TEXT NOT NULL);
CREATE INDEX transactions_by_context ON transactions(context_id);
CREATE TABLE file_ops(
  id INTEGER PRIMARY KEY, context_id TEXT NOT NULL, transaction_id TEXT NOT NULL,
  kind TEXT NOT NULL, path TEXT NOT NULL, new_path TEXT NOT NULL, before_hash TEXT NOT NULL,
  after_hash TEXT NOT NULL, before_mode INTEGER NOT NULL, state TEXT NOT NULL);
CREATE INDEX file_ops_by_context ON file_ops(context_id);
CREATE TABLE blobs(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB NOT NULL);
CREATE TABLE logs(
  id INTEGER PRIMARY KEY, context_id TEXT NOT NULL, at INTEGER NOT NULL, level TEXT NOT NULL,
  message TEXT NOT NULL);
CREATE INDEX logs_by_context ON logs(context_id);
CREATE TABLE validations(
  id INTEGER PRIMARY KEY, context_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  phase TEXT NOT NULL, status TEXT NOT NULL, output BLOB NOT NULL, diagnostics TEXT NOT NULL,
  duration_ms INTEGER NOT NULL);
CREATE INDEX validations_by_context ON validations(context_id);
CREATE TABLE improvement_status(id TEXT PRIMARY KEY, status TEXT NOT NULL, updated_at INTEGER NOT NULL);
)sql";

// Version 1 -> 2: blobs may be stored compressed (BlobEncoding); older rows are raw.
const char* kSchemaV2 = "ALTER TABLE blobs ADD COLUMN encoding INTEGER NOT NULL DEFAULT 0;";

const char* kContextColumns =
    "id, improvement_id, mode, status, validate, auto_rollback, output_dir, total_steps, "
    "done_steps, "
    "current_step, created_at, updated_at, finished_at, pid, message";

bool is_final(ContextStatus status) {
  return status != ContextStatus::Running;
}

}  // namespace

// A prepared statement; reset before every use by StateStore::statement().
class StateStore::Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw Error(ErrorKind::Io, std::string("state.db: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Bound bytes are read during step() only, so they need not be copied.
  Statement& text(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& blob(int index, std::string_view value) {
    sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& integer(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  // An active statement pins its read snapshot, so statements are reset as soon as
  // their rows are read: at SQLITE_DONE here, and by single-row readers explicitly.
  bool step() {
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
  void run() {
    while (step()) {
    }
  }
  std::string column_text(int column) {
    auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : "";
  }
  std::int64_t column_integer(int column) { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

StateStore::StateStore(const fs::path& db_file) {
  std::error_code ignored;
  fs::create_directories(db_file.parent_path(), ignored);
  if (sqlite3_open_v2(db_file.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error(ErrorKind::Io, "Cannot open " + db_file.string() + ": " + message);
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA mmap_size=1073741824");  // blobs read through the page cache, not pread
    migrate();
  } catch (...) {
    statements_.clear();  // a throwing constructor runs no destructor
    sqlite3_close(db_);
    throw;
  }
}

StateStore::~StateStore() {
  statements_.clear();
  sqlite3_close(db_);
}

int StateStore::schema_version() {
  return kSchemaVersion;
}

void StateStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(ErrorKind::Io, "state.db: " + text);
  }
}

void StateStore::migrate() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  exec("BEGIN IMMEDIATE");
  try {
    Statement version(db_, "PRAGMA user_version");
    version.step();
    std::int64_t current = version.column_integer(0);
    if (current > kSchemaVersion)
      throw Error(ErrorKind::Io, "state.db has schema version " + std::to_string(current) +
                                     ", newer than this tarscli supports (" +
                                     std::to_string(kSchemaVersion) + ")");
    if (current < 1) exec(kSchemaV1);
    if (current < 2) exec(kSchemaV2);
    if (current < kSchemaVersion)
      exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

StateStore::Statement& StateStore::statement(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  slot->reset();
  return *slot;
}

void StateStore::begin() {
  if (depth_++ == 0) exec("BEGIN IMMEDIATE");
}

void StateStore::commit() {
  if (--depth_ == 0) exec("COMMIT");
}

void StateStore::rollback_transaction() {
  if (--depth_ == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
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

ContextRecord read_context(auto& s) {
  ContextRecord c;
  c.id = s.column_text(0);
  c.improvement_id = s.column_text(1);
  c.mode = s.column_text(2);
  c.status = context_status_from_string(s.column_text(3));
  c.validate = s.column_integer(4) != 0;
  c.auto_rollback = s.column_integer(5) != 0;
  c.output_dir = s.column_text(6);
  c.total_steps = static_cast<int>(s.column_integer(7));
  c.done_steps = static_cast<int>(s.column_integer(8));
  c.current_step = s.column_text(9);
  c.created_at = s.column_integer(10);
  c.updated_at = s.column_integer(11);
  c.finished_at = s.column_integer(12);
  c.pid = static_cast<int>(s.column_integer(13));
  c.message = s.column_text(14);
  return c;
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
      .text(2, c.improvement_id)
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
  static const std::string sql =
      std::string("SELECT ") + kContextColumns + " FROM contexts WHERE id = ?";
  Statement& s = statement(sql.c_str()).text(1, id);
  if (!s.step()) return std::nullopt;
  ContextRecord context = read_context(s);
  s.reset();
  return context;
}

std::vector<ContextRecord> StateStore::list_contexts() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql = std::string("SELECT ") + kContextColumns +
                                 " FROM contexts ORDER BY created_at DESC, rowid DESC";
  Statement& s = statement(sql.c_str());
  std::vector<ContextRecord> contexts;
  while (s.step()) contexts.push_back(read_context(s));
  return contexts;
}

std::vector<ContextRecord> StateStore::contexts_with_status(ContextStatus status) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  static const std::string sql = std::string("SELECT ") + kContextColumns +
                                 " FROM contexts WHERE status = ? ORDER BY created_at, rowid";
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
          .text(7, step.status)
          .text(8, step.message)
          .integer(9, step.started_at)
          .integer(10, step.finished_at)
          .run();
  });
}

void StateStore::set_step_status(const std::string& context_id, const std::string& step_id,
                                 const std::string& status, const std::string& message) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement(
      "UPDATE steps SET status = ?, message = ?, finished_at = ? WHERE context_id = ? AND id = ?")
      .text(1, status)
      .text(2, message)
      .integer(3, now_ms())
      .text(4, context_id)
      .text(5, step_id)
      .run();
}

void StateStore::set_step_statuses(const std::string& context_id,
                                   const std::vector<std::string>& step_ids,
                                   const std::string& status) {
  in_transaction([&] {
    std::int64_t now = now_ms();
    for (const std::string& id : step_ids)
      statement("UPDATE steps SET status = ?, finished_at = ? WHERE context_id = ? AND id = ?")
          .text(1, status)
          .integer(2, now)
          .text(3, context_id)
          .text(4, id)
          .run();
  });
}

std::vector<StepRecord> StateStore::steps(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s =
      statement(
          "SELECT id, kind, path, depends_on, status, message, started_at, finished_at FROM steps "
          "WHERE context_id = ? ORDER BY seq")
          .text(1, context_id);
  std::vector<StepRecord> steps;
  while (s.step()) {
    StepRecord step;
    step.id = s.column_text(0);
    step.kind = s.column_text(1);
    step.path = s.column_text(2);
    step.depends_on = s.column_text(3);
    step.status = s.column_text(4);
    step.message = s.column_text(5);
    step.started_at = s.column_integer(6);
    step.finished_at = s.column_integer(7);
    steps.push_back(std::move(step));
  }
  return steps;
}

// ---- transactions

void StateStore::add_transaction(const TransactionRecord& transaction) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("INSERT INTO transactions(id, context_id, status) VALUES(?, ?, ?)")
      .text(1, transaction.id)
      .text(2, transaction.context_id)
      .text(3, transaction.status)
      .run();
}

void StateStore::set_transaction_status(const std::string& id, const std::string& status) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  statement("UPDATE transactions SET status = ? WHERE id = ?").text(1, status).text(2, id).run();
}

std::vector<TransactionRecord> StateStore::transactions(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s =
      statement(
          "SELECT id, context_id, status FROM transactions WHERE context_id = ? ORDER BY rowid")
          .text(1, context_id);
  std::vector<TransactionRecord> transactions;
  while (s.step()) transactions.push_back({s.column_text(0), s.column_text(1), s.column_text(2)});
  return transactions;
}

// ---- file operations

void StateStore::add_file_ops(std::vector<FileOpRecord>& ops) {
  in_transaction([&] {
    for (FileOpRecord& op : ops) {
      statement(
          "INSERT INTO file_ops(context_id, transaction_id, kind, path, new_path, before_hash, "
          "after_hash, "
          "before_mode, state) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .text(1, op.context_id)
          .text(2, op.transaction_id)
          .text(3, to_string(op.kind))
          .text(4, op.path)
          .text(5, op.new_path)
          .text(6, op.before_hash)
          .text(7, op.after_hash)
          .integer(8, op.before_mode)
          .text(9, to_string(op.state))
          .run();
      op.id = sqlite3_last_insert_rowid(db_);
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

namespace {

FileOpKind file_op_kind_from(const std::string& text) {
  for (FileOpKind kind :
       {FileOpKind::Modify, FileOpKind::Create, FileOpKind::Delete, FileOpKind::Rename})
    if (to_string(kind) == text) return kind;
  throw Error(ErrorKind::BadInput, "state.db: unknown file operation kind '" + text + "'");
}

FileOpState file_op_state_from(const std::string& text) {
  for (FileOpState state : {FileOpState::Intent, FileOpState::Applied, FileOpState::Simulated,
                            FileOpState::RolledBack, FileOpState::Conflict})
    if (to_string(state) == text) return state;
  throw Error(ErrorKind::BadInput, "state.db: unknown file operation state '" + text + "'");
}

}  // namespace

std::vector<FileOpRecord> StateStore::file_ops(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s =
      statement(
          "SELECT id, context_id, transaction_id, kind, path, new_path, before_hash, after_hash, "
          "before_mode, state FROM file_ops WHERE context_id = ? ORDER BY id")
          .text(1, context_id);
  std::vector<FileOpRecord> ops;
  while (s.step()) {
    FileOpRecord op;
    op.id = s.column_integer(0);
    op.context_id = s.column_text(1);
    op.transaction_id = s.column_text(2);
    op.kind = file_op_kind_from(s.column_text(3));
    op.path = s.column_text(4);
    op.new_path = s.column_text(5);
    op.before_hash = s.column_text(6);
    op.after_hash = s.column_text(7);
    op.before_mode = static_cast<unsigned>(s.column_integer(8));
    op.state = file_op_state_from(s.column_text(9));
    ops.push_back(std::move(op));
  }
  return ops;
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
  Statement& s = statement("SELECT at, level, message FROM logs WHERE context_id = ? ORDER BY id")
                     .text(1, context_id);
  std::vector<LogRecord> logs;
  while (s.step()) logs.push_back({s.column_integer(0), s.column_text(1), s.column_text(2)});
  return logs;
}

namespace {

std::string diagnostics_to_json(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) list.push_back(diagnostic_to_json(d));
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<Diagnostic> diagnostics_from_json(const std::string& text) {
  std::vector<Diagnostic> diagnostics;
  nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
  if (list.is_array())
    for (const auto& item : list) diagnostics.push_back(diagnostic_from_json(item));
  return diagnostics;
}

}  // namespace

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
      .text(5, record.status)
      .blob(6, record.output)
      .text(7, diagnostics)
      .integer(8, record.duration_ms)
      .run();
}

std::vector<ValidationRecord> StateStore::validations(const std::string& context_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement& s =
      statement(
          "SELECT name, kind, phase, status, output, diagnostics, duration_ms FROM validations "
          "WHERE context_id = ? ORDER BY id")
          .text(1, context_id);
  std::vector<ValidationRecord> records;
  while (s.step()) {
    ValidationRecord record;
    record.name = s.column_text(0);
    record.kind = s.column_text(1);
    record.phase = s.column_text(2);
    record.status = s.column_text(3);
    record.output = s.column_text(4);
    record.diagnostics = diagnostics_from_json(s.column_text(5));
    record.duration_ms = s.column_integer(6);
    records.push_back(std::move(record));
  }
  return records;
}

// ---- improvement status

void StateStore::set_improvement_status(const std::string& id, const std::string& status) {
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

// ---- names

std::string_view to_string(ContextStatus status) {
  switch (status) {
    case ContextStatus::Running:
      return "running";
    case ContextStatus::Simulated:
      return "simulated";
    case ContextStatus::AwaitingReview:
      return "awaiting_review";
    case ContextStatus::Failed:
      return "failed";
    case ContextStatus::RolledBack:
      return "rolled_back";
    case ContextStatus::PartiallyRolledBack:
      return "partially_rolled_back";
    case ContextStatus::Approved:
      return "approved";
    case ContextStatus::Rejected:
      return "rejected";
    case ContextStatus::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

ContextStatus context_status_from_string(std::string_view text) {
  for (ContextStatus status :
       {ContextStatus::Running, ContextStatus::Simulated, ContextStatus::AwaitingReview,
        ContextStatus::Failed, ContextStatus::RolledBack, ContextStatus::PartiallyRolledBack,
        ContextStatus::Approved, ContextStatus::Rejected, ContextStatus::Cancelled})
    if (to_string(status) == text) return status;
  throw Error(ErrorKind::BadInput, "unknown context status '" + std::string(text) + "'");
}

std::string_view to_string(FileOpKind kind) {
  switch (kind) {
    case FileOpKind::Modify:
      return "modify";
    case FileOpKind::Create:
      return "create";
    case FileOpKind::Delete:
      return "delete";
    case FileOpKind::Rename:
      return "rename";
  }
  return "unknown";
}

std::string_view to_string(FileOpState state) {
  switch (state) {
    case FileOpState::Intent:
      return "intent";
    case FileOpState::Applied:
      return "applied";
    case FileOpState::Simulated:
      return "simulated";
    case FileOpState::RolledBack:
      return "rolled_back";
    case FileOpState::Conflict:
      return "conflict";
  }
  return "unknown";
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tars
