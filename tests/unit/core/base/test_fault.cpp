#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "core/base/fault.h"

using namespace tars;

namespace {

// Runs `points` durability points in a child with TARS_CRASH_AT set; returns its exit code.
int child_exit(const char* crash_at, int points) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("TARS_CRASH_AT", crash_at, 1);
    for (int i = 0; i < points; ++i) durability_point("test point");
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("TARS_CRASH_AT=k exits at the k-th durability point") {
  CHECK(child_exit("2", 3) == kCrashExitCode);
  CHECK(child_exit("4", 3) == 0);
  CHECK(child_exit("0", 3) == 0);
}
