#pragma once
// Everything recorded about an execution context, and its stable JSON form (used by
// `execute status --format json` and report.json). Keys may be added, never renamed.
#include <string>
#include <vector>

#include "core/model/improvement.h"
#include "core/store/state_store.h"

namespace tars {

struct ContextDetail {
  ContextRecord context;
  std::vector<StepRecord> steps;
  std::vector<TransactionRecord> transactions;
  std::vector<FileOpRecord> file_ops;
  std::vector<ValidationRecord> validations;
  std::vector<LogRecord> logs;
};

// Throws Error(NotFound, "Execution context not found: <id>").
ContextRecord load_context(StateStore& store, const std::string& id);
ContextDetail load_context_detail(StateStore& store, const std::string& id);

int percent_done(const ContextRecord& context);

std::string contexts_json(const std::vector<ContextRecord>& contexts);
std::string context_detail_json(const ContextDetail& detail, bool include_steps);
std::string improvements_json(const std::vector<Improvement>& improvements,
                              const std::vector<std::string>& problems);
std::string improvement_json(const Improvement& improvement);

}  // namespace tars
