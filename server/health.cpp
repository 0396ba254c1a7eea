#include "server/health.h"

#include "core/base/error.h"
#include "core/validation/validation_runner.h"
#include "core/validation/workspace_config.h"
#include "version/version.h"

namespace tars::server {

nlohmann::json health_report(const Engine& engine) {
  const Workspace& workspace = engine.workspace();
  nlohmann::json config = {{"path", ".tars/config.json"}};
  try {
    WorkspaceConfig loaded = load_workspace_config(workspace);
    config["exists"] = loaded.exists;
    config["valid"] = true;
    config["trusted"] = is_trusted(workspace, loaded);
    config["needsTrust"] = needs_trust(workspace, loaded);
    config["programs"] = trusted_programs(loaded);
  } catch (const Error& e) {
    config["exists"] = true;
    config["valid"] = false;
    config["error"] = e.what();
    config["trusted"] = false;
    config["needsTrust"] = false;
    config["programs"] = nlohmann::json::array();
  }
  return {{"name", "tars-lsp"},
          {"version", release_version()},
          {"gitDescribe", git_describe()},
          {"workspace", workspace.root().string()},
          {"config", config}};
}

}  // namespace tars::server
