#include "cli/cli_env.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core/base/quote.h"

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

// Messages quote the paths they name; printable() also keeps any other control
// character a message carries (from an improvement file, a patch) off the terminal.
void CliEnv::error(const std::string& message) const {
  std::string line = terminal.paint_err(Style::Red, "error:") + " " + printable(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void CliEnv::warning(const std::string& message) const {
  std::string line =
      terminal.paint_err(Style::Yellow, "warning:") + " " + printable(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void CliEnv::out(const std::string& text) const {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace tars::cli
