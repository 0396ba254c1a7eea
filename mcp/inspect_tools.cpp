// The read-only tools: list_improvements, status and review, in the JSON shapes of
// `tarscli improve list`, `execute status` and `execute review` (core/execution's
// context_report), with validation findings as file:line: message lines.
#include "core/execution/context_report.h"
#include "mcp/context_result.h"
#include "mcp/tool_arguments.h"
#include "mcp/tools.h"

namespace tars::mcp {

namespace {

constexpr std::size_t kSummaryLines = 20;

// One line per item, at most kSummaryLines of them.
template <class Items, class Line>
std::string lines_of(const Items& items, Line line) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& item : items) {
    if (shown++ == kSummaryLines)
      return text + "... (" + std::to_string(items.size()) + " in all)\n";
    text += line(item) + "\n";
  }
  return text;
}

json context_detail(Engine& engine, const std::string& context_id) {
  ContextDetail detail = engine.detail(context_id);
  json out = context_detail_json(detail, false);
  for (json& validation : out["validation"])
    validation["output"] = output_tail(validation["output"].get<std::string>());
  out["diagnostics"] = diagnostic_lines(detail.validations);
  return out;
}

}  // namespace

ToolResult list_improvements_tool(Engine& engine, const json& arguments, CallContext&) {
  auto args = protocol::parse<ListArguments>(arguments, "arguments");
  ImprovementListing listing = engine.list_improvements();
  std::vector<Improvement> shown;
  for (Improvement& improvement : listing.improvements)
    if (!args.status || improvement.status == *args.status) shown.push_back(std::move(improvement));
  std::vector<std::string> problems;
  for (const ImprovementLoadProblem& problem : listing.problems)
    problems.push_back(problem.message);
  std::string text =
      std::to_string(shown.size()) + " improvement(s)\n" +
      lines_of(shown, [](const Improvement& i) { return i.id + " [" + i.status + "] " + i.title; });
  return tool_success(improvements_json(shown, problems), text);
}

ToolResult status_tool(Engine& engine, const json& arguments, CallContext&) {
  auto args = protocol::parse<StatusArguments>(arguments, "arguments");
  if (args.context_id) {
    json detail = context_detail(engine, *args.context_id);
    std::string text = detail["contextId"].get<std::string>() + ": " +
                       detail["status"].get<std::string>() + " - " +
                       detail["message"].get<std::string>() + "\n";
    for (const json& line : detail["diagnostics"]) text += "  " + line.get<std::string>() + "\n";
    return tool_success({{"contexts", json::array({detail})}}, text);
  }
  std::vector<ContextRecord> contexts = engine.contexts();
  std::string text = std::to_string(contexts.size()) + " execution context(s), newest first\n" +
                     lines_of(contexts, [](const ContextRecord& c) {
                       return c.id + " " + c.improvement_id + " " +
                              std::string(to_string(c.status)) + " - " + c.message;
                     });
  return tool_success(contexts_json(contexts), text);
}

ToolResult review_tool(Engine& engine, const json& arguments, CallContext&) {
  auto args = protocol::parse<ReviewArguments>(arguments, "arguments");
  ContextRecord context = engine.context(args.context_id);
  std::vector<FileReview> files = engine.review(args.context_id);
  json listed = file_reviews_json(files);
  std::string diff = changes_patch(files);
  std::string status(to_string(context.status));
  json out = {{"contextId", context.id}, {"status", status}, {"files", listed}, {"diff", diff}};
  return tool_success(std::move(out), context.id + " (" + status + "), " +
                                          std::to_string(files.size()) + " file(s):\n" + diff);
}

}  // namespace tars::mcp
