#pragma once
// Everything recorded about an execution context, and its stable JSON form (used by
// `execute status --format json`, report.json and the server). Keys may be added, never
// renamed. The forms are JSON values; they become text once, where they leave the
// program (json_text).
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/execution/review.h"
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

// The file operations of each transaction (by its id), in file order.
std::map<std::string, std::vector<const FileOpRecord*>> files_by_transaction(
    const ContextDetail& detail);

nlohmann::json contexts_json(const std::vector<ContextRecord>& contexts);
nlohmann::json context_detail_json(const ContextDetail& detail, bool include_steps);
nlohmann::json improvements_json(const std::vector<Improvement>& improvements,
                                 const std::vector<std::string>& problems);
nlohmann::json improvement_json(const Improvement& improvement);
// What `execute review --format json` and the MCP review tool list for each file.
nlohmann::json file_reviews_json(const std::vector<FileReview>& files);

// Pretty-printed (two spaces) with a final newline; invalid UTF-8 replaced.
std::string json_text(const nlohmann::json& value);

}  // namespace tars
