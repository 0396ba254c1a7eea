#include "cli/commands.h"

int main(int argc, char** argv) {
  return tars::cli::run_cli(argc, argv);
}
