#pragma once
// tars-mcp's command-line options: main() parses them and --help prints them (as
// server/options.h does for tars-lsp).
#include <string_view>

#include "version/command_line.h"

namespace tars::mcp {

inline constexpr CommandLineOption kCommandLineOptions[] = {
    {"--workspace", "DIR",
     "Serve the workspace DIR (default: the nearest parent of the current directory holding "
     ".tars/, else the current directory)"},
    {"--log-file", "FILE", "Write the log to FILE instead of standard error"},
    {"--log-level", "trace|debug|info|warn|error|off", "Log level (default: info)"},
    {"--version", "", "Print the version and the git describe of the build, then exit"},
    {"--help", "", "Print this help and exit"},
};

inline constexpr std::string_view kSummary =
    "the TARS Model Context Protocol server: AI coding agents propose, execute and roll back "
    "changes over stdio; a person approves";

}  // namespace tars::mcp
