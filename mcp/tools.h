#pragma once
// The tools over the core Engine: list_improvements, propose_change, execute, status,
// review, rollback (described for tools/list in tool_catalog.cpp). There is no approve:
// a person approves, in the editor or with tarscli.
#include <atomic>
#include <functional>
#include <string>

#include "core/engine.h"
#include "mcp/tool_result.h"

namespace tars::mcp {

// What a call may use besides its arguments.
struct CallContext {
  const std::atomic<bool>* cancel = nullptr;  // set once the client cancels the call
  // Empty when the client asked for no progress; `progress` must grow with every report.
  std::function<void(double progress, double total, const std::string& message)> progress;
  // A log line for the client (notifications/message); never empty.
  std::function<void(const std::string& level, const std::string& message)> log =
      [](const std::string&, const std::string&) {};
};

class Tools {
 public:
  explicit Tools(Engine& engine) : engine_(engine) {}

  static bool has(const std::string& name);
  // Failures the agent can act on are results with isError: wrong arguments and the
  // core's errors, with a hint of what to do. Anything else throws.
  ToolResult call(const std::string& name, const json& arguments, CallContext& context);

 private:
  Engine& engine_;
};

// The tools themselves, one file each (inspect_tools.cpp holds the read-only ones).
ToolResult list_improvements_tool(Engine& engine, const json& arguments, CallContext& context);
ToolResult propose_change_tool(Engine& engine, const json& arguments, CallContext& context);
ToolResult execute_tool(Engine& engine, const json& arguments, CallContext& context);
ToolResult status_tool(Engine& engine, const json& arguments, CallContext& context);
ToolResult review_tool(Engine& engine, const json& arguments, CallContext& context);
ToolResult rollback_tool(Engine& engine, const json& arguments, CallContext& context);

}  // namespace tars::mcp
