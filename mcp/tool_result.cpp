#include "mcp/tool_result.h"

namespace tars::mcp {

ToolResult tool_success(json structured, std::string summary) {
  return {std::move(structured), std::move(summary), false};
}

ToolResult tool_error(std::string message) {
  return {json(), std::move(message), true};
}

json to_json(const ToolResult& result) {
  json content = json::array();
  content.push_back({{"type", "text"}, {"text", result.summary}});
  json out = {{"content", content}, {"isError", result.is_error}};
  if (result.structured.is_null()) return out;
  out["content"].push_back(
      {{"type", "text"},
       {"text", result.structured.dump(2, ' ', false, json::error_handler_t::replace)}});
  out["structuredContent"] = result.structured;
  return out;
}

}  // namespace tars::mcp
