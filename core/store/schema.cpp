#include "core/store/schema.h"

#include <string>

#include "core/base/error.h"
#include "core/store/sqlite.h"

namespace tars {

namespace {

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

// Version 2 -> 3: what listings show of each improvement file, by the file's stamp
// (improvement_catalog.h); `problem` holds why a corrupt file could not be read. Kept in
// file order (WITHOUT ROWID), as the catalog walks it beside the directory's files.
const char* kSchemaV3 = R"sql(
CREATE TABLE improvement_summaries(
  file TEXT PRIMARY KEY, inode INTEGER NOT NULL, size INTEGER NOT NULL,
  modified_ns INTEGER NOT NULL, changed_ns INTEGER NOT NULL, recorded_at INTEGER NOT NULL,
  id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, category TEXT NOT NULL,
  source TEXT NOT NULL, priority INTEGER NOT NULL, created_at TEXT NOT NULL,
  changes BLOB NOT NULL, problem TEXT NOT NULL) WITHOUT ROWID;
)sql";

// Version 3 -> 4: a file operation keeps why it was not rolled back, and a rollback or
// reject under way is journaled (undos) so the next start can finish it.
const char* kSchemaV4 = R"sql(
ALTER TABLE file_ops ADD COLUMN message TEXT NOT NULL DEFAULT '';
CREATE TABLE undos(context_id TEXT PRIMARY KEY, final_status TEXT NOT NULL, pid INTEGER NOT NULL,
  started_at INTEGER NOT NULL);
)sql";

// Version 4 -> 5: the mode a file op leaves (a patch's mode change, a symlink); 0 in
// older rows, where it was the mode before.
const char* kSchemaV5 = "ALTER TABLE file_ops ADD COLUMN after_mode INTEGER NOT NULL DEFAULT 0;";

// Version 5 -> 6: a transaction's name, the logical units it holds ("modernize-use-nullptr",
// "commit 2/5: Fix x"); "" in older rows, where a transaction was one file.
const char* kSchemaV6 = "ALTER TABLE transactions ADD COLUMN name TEXT NOT NULL DEFAULT '';";

std::int64_t user_version(Database& db) {
  Statement& version = db.statement("PRAGMA user_version");
  version.step();
  std::int64_t current = version.column_integer(0);
  version.reset();
  return current;
}

}  // namespace

// Reading the version needs no lock; only a migration takes the write lock (and reads
// the version again under it: another process may have migrated meanwhile).
void migrate(Database& db) {
  if (user_version(db) == kSchemaVersion) return;
  db.begin();
  try {
    std::int64_t current = user_version(db);
    if (current > kSchemaVersion)
      throw Error(ErrorKind::Io, "state.db has schema version " + std::to_string(current) +
                                     ", newer than this tarscli supports (" +
                                     std::to_string(kSchemaVersion) + ")");
    if (current < 1) db.exec(kSchemaV1);
    if (current < 2) db.exec(kSchemaV2);
    if (current < 3) db.exec(kSchemaV3);
    if (current < 4) db.exec(kSchemaV4);
    if (current < 5) db.exec(kSchemaV5);
    if (current < 6) db.exec(kSchemaV6);
    if (current < kSchemaVersion)
      db.exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    db.commit();
  } catch (...) {
    db.rollback();
    throw;
  }
}

}  // namespace tars
