#pragma once
// Rows of state.db read into records: each reader takes the columns of its k...Columns
// list, in that order, from the current row of a statement that selected them.
#include "core/store/records.h"

namespace tars {

class Statement;

inline constexpr const char* kContextColumns =
    "id, improvement_id, mode, status, validate, auto_rollback, output_dir, total_steps, "
    "done_steps, current_step, created_at, updated_at, finished_at, pid, message";
inline constexpr const char* kStepColumns =
    "id, kind, path, depends_on, status, message, started_at, finished_at";
inline constexpr const char* kTransactionColumns = "id, context_id, status, name";
inline constexpr const char* kFileOpColumns =
    "id, context_id, transaction_id, kind, path, new_path, before_hash, after_hash, "
    "before_mode, state, message, after_mode";
inline constexpr const char* kLogColumns = "at, level, message";
inline constexpr const char* kValidationColumns =
    "name, kind, phase, status, output, diagnostics, duration_ms";

ContextRecord read_context(Statement& row);
StepRecord read_step(Statement& row);
TransactionRecord read_transaction(Statement& row);
FileOpRecord read_file_op(Statement& row);  // Error(BadInput) for an unknown kind or state
LogRecord read_log(Statement& row);
ValidationRecord read_validation(Statement& row);

// Validation diagnostics are kept as one JSON array per row.
std::string diagnostics_to_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace tars
