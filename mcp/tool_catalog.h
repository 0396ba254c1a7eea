#pragma once
// The tools tars-mcp offers, as tools/list describes them: name, title, description,
// inputSchema, outputSchema and annotations (JSON Schema 2020-12, the default of MCP).
#include <nlohmann/json.hpp>

namespace tars::mcp {

// The "tools" array of tools/list.
const nlohmann::json& tool_catalog();

}  // namespace tars::mcp
