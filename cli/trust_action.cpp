#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/validation/trust.h"
#include "core/validation/workspace_config.h"

namespace tars::cli {

// Non-interactive on purpose: running it is the person's decision to trust the file.
int trust(CliEnv& env) {
  Workspace workspace = env.workspace();
  WorkspaceConfig config = load_workspace_config(workspace);
  if (!config.exists) {
    env.out("Nothing to trust: " + workspace.config_file().string() + " does not exist.\n");
    return kOk;
  }
  TrustStore().trust(workspace.root(), config.hash);
  std::string text = "Trusted " + workspace.config_file().string() + " (sha256 " +
                     config.hash.substr(0, 12) + "). These commands may now run:\n";
  for (const std::string& program : trusted_programs(config)) text += "  " + program + "\n";
  text += "A changed config needs `tarscli trust` again.\n";
  env.out(text);
  return kOk;
}

}  // namespace tars::cli
