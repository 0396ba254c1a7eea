#include "core/execution/context_report.h"

#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/base/ids.h"
#include "core/model/diagnostic_json.h"

namespace tars {

using nlohmann::json;

namespace {

json time_or_null(std::int64_t ms) {
  return ms ? json(iso8601(ms)) : json(nullptr);
}

json context_summary(const ContextRecord& c) {
  return {{"contextId", c.id},
          {"improvementId", c.improvement_id},
          {"improvementIds", c.improvement_ids},
          {"status", to_string(c.status)},
          {"mode", c.mode},
          {"validate", c.validate},
          {"autoRollback", c.auto_rollback},
          {"outputDir", c.output_dir.empty() ? json(nullptr) : json(c.output_dir)},
          {"progress",
           {{"done", c.done_steps},
            {"total", c.total_steps},
            {"percent", percent_done(c)},
            {"currentStep", c.current_step}}},
          {"message", c.message},
          {"pid", c.pid},
          {"createdAt", time_or_null(c.created_at)},
          {"updatedAt", time_or_null(c.updated_at)},
          {"finishedAt", time_or_null(c.finished_at)}};
}

json file_json(const FileOpRecord& op) {
  json file = {{"path", op.path},
               {"kind", operation_name(op.kind)},
               {"state", to_string(op.state)},
               {"transactionId", op.transaction_id},
               {"beforeHash", op.before_hash.empty() ? json(nullptr) : json(op.before_hash)},
               {"afterHash", op.after_hash.empty() ? json(nullptr) : json(op.after_hash)}};
  if (!op.new_path.empty()) file["newPath"] = op.new_path;
  if (!op.message.empty()) file["message"] = op.message;
  return file;
}

json validation_json(const ValidationRecord& v) {
  json diagnostics = json::array();
  for (const auto& d : v.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  return {{"name", v.name},
          {"kind", v.kind},
          {"phase", v.phase},
          {"status", to_string(v.status)},
          {"durationMs", v.duration_ms},
          {"output", v.output},
          {"diagnostics", diagnostics}};
}

// Stored text may hold any bytes; invalid UTF-8 is replaced so the output stays JSON.
}  // namespace

ContextRecord load_context(StateStore& store, const std::string& id) {
  auto context = store.get_context(id);
  if (!context) throw Error(ErrorKind::NotFound, "Execution context not found: " + id);
  return *context;
}

ContextDetail load_context_detail(StateStore& store, const std::string& id) {
  ContextDetail detail;
  detail.context = load_context(store, id);
  detail.steps = store.steps(id);
  detail.transactions = store.transactions(id);
  detail.file_ops = store.file_ops(id);
  detail.validations = store.validations(id);
  detail.logs = store.logs(id);
  return detail;
}

int percent_done(const ContextRecord& context) {
  if (context.total_steps <= 0) return context.status == ContextStatus::Running ? 0 : 100;
  return static_cast<int>(100LL * context.done_steps / context.total_steps);
}

std::map<std::string, std::vector<const FileOpRecord*>> files_by_transaction(
    const ContextDetail& detail) {
  std::map<std::string, std::vector<const FileOpRecord*>> files;
  for (const FileOpRecord& op : detail.file_ops) files[op.transaction_id].push_back(&op);
  return files;
}

json contexts_json(const std::vector<ContextRecord>& contexts) {
  json list = json::array();
  for (const auto& context : contexts) list.push_back(context_summary(context));
  return {{"contexts", list}};
}

json context_detail_json(const ContextDetail& detail, bool include_steps) {
  json out = context_summary(detail.context);
  auto files_of = files_by_transaction(detail);
  json transactions = json::array();
  for (const auto& transaction : detail.transactions) {
    json files = json::array();
    for (const FileOpRecord* op : files_of[transaction.id]) files.push_back(op->path);
    transactions.push_back({{"id", transaction.id},
                            {"name", transaction.name},
                            {"status", to_string(transaction.status)},
                            {"files", files}});
  }
  json files = json::array();
  for (const auto& op : detail.file_ops) files.push_back(file_json(op));
  json validation = json::array();
  for (const auto& record : detail.validations) validation.push_back(validation_json(record));
  json logs = json::array();
  for (const auto& log : detail.logs)
    logs.push_back({{"at", iso8601(log.at)}, {"level", log.level}, {"message", log.message}});
  out["transactions"] = transactions;
  out["files"] = files;
  out["validation"] = validation;
  out["logs"] = logs;
  if (include_steps) {
    json steps = json::array();
    for (const auto& step : detail.steps)
      steps.push_back({{"id", step.id},
                       {"kind", step.kind},
                       {"path", step.path},
                       {"status", to_string(step.status)},
                       {"dependsOn", step.depends_on}});
    out["steps"] = steps;
  }
  return out;
}

namespace {

json improvement_summary(const Improvement& improvement) {
  json files = json::array();
  for (const auto& change : improvement.changes) files.push_back(change.path);
  return {{"id", improvement.id},
          {"title", improvement.title},
          {"description", improvement.description},
          {"category", improvement.category},
          {"source", improvement.source},
          {"priority", improvement.priority},
          {"status", improvement.status},
          {"createdAt", improvement.created_at},
          {"files", files}};
}

}  // namespace

json improvements_json(const std::vector<Improvement>& improvements,
                       const std::vector<std::string>& problems) {
  json list = json::array();
  for (const auto& improvement : improvements) list.push_back(improvement_summary(improvement));
  json out = {{"improvements", list}};
  if (!problems.empty()) out["errors"] = problems;
  return out;
}

json improvement_json(const Improvement& improvement) {
  json out = improvement_summary(improvement);
  if (!improvement.author.empty()) out["author"] = improvement.author;
  json changes = json::array();
  for (const auto& change : improvement.changes) {
    json item = {
        {"kind", to_string(change.kind)}, {"path", change.path}, {"edits", change.edits.size()}};
    if (!change.new_path.empty()) item["newPath"] = change.new_path;
    changes.push_back(item);
  }
  json diagnostics = json::array();
  for (const auto& d : improvement.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  out["changes"] = changes;
  out["diagnostics"] = diagnostics;
  return out;
}

json file_reviews_json(const std::vector<FileReview>& files) {
  json list = json::array();
  for (const FileReview& file : files)
    list.push_back({{"path", file.path},
                    {"newPath", file.new_path},
                    {"kind", file.kind},
                    {"state", file.state},
                    {"transactionId", file.transaction_id},
                    {"transactionName", file.transaction_name},
                    {"diff", file.diff}});
  return list;
}

std::string json_text(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace tars
