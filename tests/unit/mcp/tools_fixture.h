#pragma once
// The MCP tools over a temporary workspace's Engine: calls as an agent makes them, and a
// configured validation command (trusted or not) for the execute tests.
#include <string>

#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"
#include "engine_fixture.h"
#include "mcp/tools.h"

namespace tars::test {

using mcp::json;

struct ToolsFixture : EngineFixture {
  Engine engine{workspace};
  mcp::Tools tools{engine};
  mcp::CallContext context;

  mcp::ToolResult call(const std::string& name, const json& arguments) {
    return tools.call(name, arguments, context);
  }

  // A config whose one command runs `python_code`; trusted unless told otherwise.
  void configure(const std::string& python_code, bool trust = true) {
    json config = {{"validation",
                    {{"commands",
                      {{{"name", "test"},
                        {"run", {"python3", "-c", python_code}},
                        {"matcher", "generic"}}}}}}};
    write(workspace.config_file(), config.dump());
    if (trust) TrustStore().trust(workspace.root(), load_workspace_config(workspace).hash);
  }

  // Proposes replacing old_text by new_text in path; returns the improvement id.
  std::string propose(const std::string& path, const std::string& old_text,
                      const std::string& new_text) {
    mcp::ToolResult result =
        call("propose_change",
             {{"title", "change " + path},
              {"edits", {{{"path", path}, {"oldText", old_text}, {"newText", new_text}}}}});
    REQUIRE_MESSAGE(!result.is_error, result.summary);
    return result.structured["improvementId"];
  }
};

}  // namespace tars::test
