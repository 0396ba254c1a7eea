#include "core/store/rows.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/model/diagnostic_json.h"
#include "core/store/sqlite.h"

namespace tars {

namespace {

std::vector<Diagnostic> diagnostics_from_json(const std::string& text) {
  std::vector<Diagnostic> diagnostics;
  nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
  if (list.is_array())
    for (const auto& item : list) diagnostics.push_back(diagnostic_from_json(item));
  return diagnostics;
}

ChangeKind operation_from(const std::string& text) {
  if (auto kind = change_kind_from_operation(text)) return *kind;
  throw Error(ErrorKind::BadInput, "state.db: unknown file operation kind '" + text + "'");
}

}  // namespace

ContextRecord read_context(Statement& row) {
  ContextRecord c;
  c.id = row.column_text(0);
  std::string ids = row.column_text(1);
  for (std::size_t start = 0; start <= ids.size();) {
    std::size_t end = std::min(ids.find(' ', start), ids.size());
    c.improvement_ids.push_back(ids.substr(start, end - start));
    start = end + 1;
  }
  c.improvement_id = c.improvement_ids.front();
  c.mode = row.column_text(2);
  c.status = status_from_string<ContextStatus>(row.column_text(3));
  c.validate = row.column_integer(4) != 0;
  c.auto_rollback = row.column_integer(5) != 0;
  c.output_dir = row.column_text(6);
  c.total_steps = static_cast<int>(row.column_integer(7));
  c.done_steps = static_cast<int>(row.column_integer(8));
  c.current_step = row.column_text(9);
  c.created_at = row.column_integer(10);
  c.updated_at = row.column_integer(11);
  c.finished_at = row.column_integer(12);
  c.pid = static_cast<int>(row.column_integer(13));
  c.message = row.column_text(14);
  return c;
}

StepRecord read_step(Statement& row) {
  StepRecord step;
  step.id = row.column_text(0);
  step.kind = row.column_text(1);
  step.path = row.column_text(2);
  step.depends_on = row.column_text(3);
  step.status = status_from_string<StepStatus>(row.column_text(4));
  step.message = row.column_text(5);
  step.started_at = row.column_integer(6);
  step.finished_at = row.column_integer(7);
  return step;
}

TransactionRecord read_transaction(Statement& row) {
  return {row.column_text(0), row.column_text(1),
          status_from_string<TransactionStatus>(row.column_text(2)), row.column_text(3)};
}

FileOpRecord read_file_op(Statement& row) {
  FileOpRecord op;
  op.id = row.column_integer(0);
  op.context_id = row.column_text(1);
  op.transaction_id = row.column_text(2);
  op.kind = operation_from(row.column_text(3));
  op.path = row.column_text(4);
  op.new_path = row.column_text(5);
  op.before_hash = row.column_text(6);
  op.after_hash = row.column_text(7);
  op.before_mode = static_cast<unsigned>(row.column_integer(8));
  op.state = status_from_string<FileOpState>(row.column_text(9));
  op.message = row.column_text(10);
  op.after_mode = static_cast<unsigned>(row.column_integer(11));
  return op;
}

LogRecord read_log(Statement& row) {
  return {row.column_integer(0), row.column_text(1), row.column_text(2)};
}

ValidationRecord read_validation(Statement& row) {
  ValidationRecord record;
  record.name = row.column_text(0);
  record.kind = row.column_text(1);
  record.phase = row.column_text(2);
  record.status = status_from_string<ValidationStatus>(row.column_text(3));
  record.output = row.column_text(4);
  record.diagnostics = diagnostics_from_json(row.column_text(5));
  record.duration_ms = row.column_integer(6);
  return record;
}

std::string diagnostics_to_json(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) list.push_back(diagnostic_to_json(d));
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tars
