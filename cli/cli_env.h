#pragma once
// What every tarscli command shares: the global options, the terminal, and how the
// engine is opened and errors are printed.
#include <optional>
#include <string>

#include "cli/terminal.h"
#include "core/engine.h"

namespace tars::cli {

struct GlobalOptions {
  std::string workspace;        // --workspace; "" = discover
  std::string format = "text";  // --format text|json
};

struct CliEnv {
  GlobalOptions options;
  Terminal terminal;
  int exit_code = 0;

  bool json() const { return options.format == "json"; }
  Workspace workspace() const;
  // Opens the engine (recovering interrupted executions, reported on stderr).
  Engine open_engine() const;
  void error(const std::string& message) const;    // "error: ..." on stderr
  void warning(const std::string& message) const;  // "warning: ..." on stderr
  void out(const std::string& text) const;         // stdout, as is
};

}  // namespace tars::cli
