#include "cli/commands.h"
#include "cli/large_heap.h"

int main(int argc, char** argv) {
  tars::cli::use_large_heap();
  return tars::cli::run_cli(argc, argv);
}
