#pragma once
// The rows of state.db as the rest of the core sees them: execution contexts, their
// steps, transactions, file operations (the journal), logs and validation results.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/change_kind.h"
#include "core/model/diagnostic.h"
#include "core/model/status.h"

namespace tars {

struct ContextRecord {
  std::string id;
  std::string improvement_id;  // the first (of a single execution, the only) improvement
  // Every improvement the context executes, in order. state.db keeps them in the
  // improvement_id column, separated by spaces (ids never hold one: is_safe_id), so a
  // single execution's row is what it always was.
  std::vector<std::string> improvement_ids;
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
  std::string depends_on;  // comma-separated step ids
  StepStatus status = StepStatus::Pending;
  std::string message;
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;
};

struct TransactionRecord {
  std::string id;
  std::string context_id;
  TransactionStatus status = TransactionStatus::Open;
  std::string name{};  // the logical units it holds; "" before schema v6
};

struct FileOpRecord {
  std::int64_t id = 0;  // assigned by add_file_ops
  std::string context_id;
  std::string transaction_id;
  ChangeKind kind = ChangeKind::Edit;
  std::string path;          // workspace-relative; for Rename the old path
  std::string new_path;      // Rename only
  std::string before_hash;   // empty when the file did not exist (Create)
  std::string after_hash;    // empty when the file will not exist (Delete)
  unsigned before_mode = 0;  // 0 when the file did not exist
  unsigned after_mode = 0;   // what the op leaves; 0 when no file remains (or not recorded)
  FileOpState state = FileOpState::Intent;
  std::string message;  // why it could not be rolled back (conflict, failed)
};

// A rollback or reject under way: journaled with the context's file operations marked
// rolling_back before any file is touched, removed when it finishes.
struct UndoRecord {
  std::string context_id;
  ContextStatus final_status = ContextStatus::RolledBack;  // once every file is undone
  int pid = 0;
};

struct LogRecord {
  std::int64_t at = 0;
  std::string level;  // info | warning | error
  std::string message;
};

struct ValidationRecord {
  std::string name;   // "syntax:src/a.json", "test"
  std::string kind;   // syntax | command
  std::string phase;  // before-write | after-write
  ValidationStatus status = ValidationStatus::Skipped;
  std::string output;  // captured output (capped)
  std::vector<Diagnostic> diagnostics;
  std::int64_t duration_ms = 0;
};

std::int64_t now_ms();

}  // namespace tars
