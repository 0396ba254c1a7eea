#pragma once

namespace tars::cli {

// Parses the command line, runs the command, returns the exit code.
int run_cli(int argc, char** argv);

}  // namespace tars::cli
