#pragma once
// tars-lsp's command-line options: main() parses them, --help prints them, and the man
// page and shell completions are generated from this table (packaging/docgen).
#include <string_view>

#include "version/command_line.h"

namespace tars::server {

inline constexpr CommandLineOption kCommandLineOptions[] = {
    {"--stdio", "",
     "Speak LSP over standard input and output (the only transport; editors pass it)"},
    {"--log-file", "FILE", "Write the log to FILE instead of standard error"},
    {"--log-level", "trace|debug|info|warn|error|off", "Log level (default: info)"},
    {"--version", "", "Print the version and the git describe of the build, then exit"},
    {"--help", "", "Print this help and exit"},
};

inline constexpr std::string_view kSummary =
    "the TARS language server: code actions, executions, review and rollback over LSP";

}  // namespace tars::server
