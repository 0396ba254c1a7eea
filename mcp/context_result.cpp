#include "mcp/context_result.h"

#include "core/base/error.h"
#include "core/execution/context_report.h"
#include "mcp/change_preview.h"

namespace tars::mcp {

namespace {

constexpr std::size_t kOutputTail = 4000;

bool passed(const ValidationRecord& record) {
  return record.status == ValidationStatus::Passed || record.status == ValidationStatus::Skipped;
}

std::string diagnostic_line(const Diagnostic& d) {
  std::string line = d.path.empty() ? "(no file)" : d.path;
  if (d.line > 0) line += ":" + std::to_string(d.line);
  return line + ": " + d.message;
}

json failed_validations(const std::vector<ValidationRecord>& validations) {
  json out = json::array();
  for (const ValidationRecord& record : validations)
    if (!passed(record))
      out.push_back({{"name", record.name},
                     {"kind", record.kind},
                     {"status", to_string(record.status)},
                     {"output", output_tail(record.output)}});
  return out;
}

std::string context_diff(Engine& engine, const ContextRecord& context) {
  bool undone =
      context.status == ContextStatus::RolledBack || context.status == ContextStatus::Cancelled;
  if (!undone) return changes_patch(engine.review(context.id));
  try {
    return preview_diff(engine.workspace(), engine.store(),
                        engine.improvement(context.improvement_id));
  } catch (const Error&) {
    return "";  // the improvement changed or went since: nothing to show
  }
}

}  // namespace

std::string output_tail(const std::string& output) {
  if (output.size() <= kOutputTail) return output;
  return "..." + output.substr(output.size() - kOutputTail);
}

std::vector<std::string> diagnostic_lines(const std::vector<ValidationRecord>& validations) {
  std::vector<std::string> lines;
  for (const ValidationRecord& record : validations) {
    if (passed(record)) continue;
    for (const Diagnostic& d : record.diagnostics) lines.push_back(diagnostic_line(d));
    if (record.diagnostics.empty())
      lines.push_back(record.name + ": " + std::string(to_string(record.status)));
  }
  return lines;
}

json context_result(Engine& engine, const ContextRecord& context) {
  json out = contexts_json({context})["contexts"][0];
  std::vector<ValidationRecord> validations = engine.store().validations(context.id);
  out["diagnostics"] = diagnostic_lines(validations);
  out["validation"] = failed_validations(validations);
  out["diff"] = context_diff(engine, context);
  return out;
}

}  // namespace tars::mcp
