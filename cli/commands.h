#pragma once

namespace CLI {
class App;
}

namespace tars::cli {

struct CliEnv;

// Defines every command and option of tarscli on APP; the callbacks run against ENV.
// The one definition of the command line: parsing, --help, the man page and the shell
// completions (packaging/docgen) all read it.
void define_commands(CLI::App& app, CliEnv& env);

// Parses the command line, runs the command, returns the exit code.
int run_cli(int argc, char** argv);

}  // namespace tars::cli
