#include "mcp/tools.h"

#include <map>

#include "core/base/error.h"
#include "protocol/jsonrpc.h"

namespace tars::mcp {

namespace {

using ToolFunction = ToolResult (*)(Engine&, const json&, CallContext&);

const std::map<std::string, ToolFunction>& table() {
  static const std::map<std::string, ToolFunction> tools = {
      {"list_improvements", list_improvements_tool},
      {"propose_change", propose_change_tool},
      {"execute", execute_tool},
      {"status", status_tool},
      {"review", review_tool},
      {"rollback", rollback_tool},
  };
  return tools;
}

// What the agent can do about a core error.
std::string hint(const Error& e) {
  switch (e.kind()) {
    case ErrorKind::NotFound:
      return " (list_improvements and status show the ids there are)";
    case ErrorKind::Stale:
      return " (propose the change again, against the file as it is now)";
    case ErrorKind::Busy:
      return " (wait until it has finished, status shows it, then call again)";
    default:
      return "";
  }
}

}  // namespace

bool Tools::has(const std::string& name) {
  return table().count(name) > 0;
}

ToolResult Tools::call(const std::string& name, const json& arguments, CallContext& context) {
  try {
    return table().at(name)(engine_, arguments, context);
  } catch (const protocol::RpcError& e) {  // an argument of the wrong shape
    return tool_error(std::string(e.what()) + " (see the tool's inputSchema)");
  } catch (const Error& e) {
    return tool_error(e.what() + hint(e));
  }
}

}  // namespace tars::mcp
