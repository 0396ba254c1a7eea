#include "cli/cli_env.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace tars::cli {

Workspace CliEnv::workspace() const {
  std::optional<std::filesystem::path> root;
  if (!options.workspace.empty()) root = options.workspace;
  return Workspace::discover(root, std::filesystem::current_path());
}

Engine CliEnv::open_engine() const {
  Engine engine(workspace());
  for (const std::string& id : engine.recovered())
    warning("context " + id +
            " was interrupted; its changes were rolled back (see `tarscli execute status "
            "--context-id " +
            id + " --detail`)");
  return engine;
}

void CliEnv::error(const std::string& message) const {
  std::string line = terminal.paint_err(Style::Red, "error:") + " " + message + "\n";
  std::fputs(line.c_str(), stderr);
}

void CliEnv::warning(const std::string& message) const {
  std::string line = terminal.paint_err(Style::Yellow, "warning:") + " " + message + "\n";
  std::fputs(line.c_str(), stderr);
}

void CliEnv::out(const std::string& text) const {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace tars::cli
