#pragma once
// What a tool call answers (MCP's CallToolResult): structured content, which the tool's
// outputSchema describes, shown to the agent as text too; or, for a failure the agent can
// act on (bad arguments, a stale improvement, a failed validation), isError with text
// that says what to do. Protocol failures are JSON-RPC errors instead, never results.
#include <nlohmann/json.hpp>
#include <string>

namespace tars::mcp {

using nlohmann::json;

struct ToolResult {
  json structured;      // null: none (only failures may leave it out)
  std::string summary;  // a line or two for the agent: what happened, what it can do next
  bool is_error = false;
};

ToolResult tool_success(json structured, std::string summary);
// A failure with only text (its structured content would not fit the outputSchema).
ToolResult tool_error(std::string message);

// The result's JSON: content (the summary, then the structured content as JSON text, as
// the specification asks for older clients), structuredContent, isError.
json to_json(const ToolResult& result);

}  // namespace tars::mcp
