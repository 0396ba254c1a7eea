#include <doctest/doctest.h>

#include <optional>
#include <thread>

#include "core/base/error.h"
#include "core/base/workspace_lock.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

TEST_CASE("one holder at a time, named in the busy error, released on scope exit") {
  TempDir dir;
  Workspace workspace(dir.path());
  {
    WorkspaceLock held = WorkspaceLock::acquire(workspace, "context ctx-1");
    CHECK(WorkspaceLock::holder(workspace).find("context ctx-1") != std::string::npos);
    CHECK_FALSE(WorkspaceLock::try_acquire(workspace, "second"));
    try {
      WorkspaceLock::acquire(workspace, "second");
      FAIL("expected busy");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Busy);
      CHECK(std::string(e.what()).find("Workspace busy: context ctx-1") != std::string::npos);
    }
  }
  CHECK(WorkspaceLock::holder(workspace).empty());
  CHECK(WorkspaceLock::try_acquire(workspace, "third"));
}

TEST_CASE("acquire with a wait gets the lock once its holder lets go") {
  TempDir dir;
  Workspace workspace(dir.path());
  auto held = std::make_optional(WorkspaceLock::acquire(workspace, "context ctx-finishing"));
  std::string error;
  bool acquired = false;
  std::thread rollback([&] {
    try {
      WorkspaceLock lock = WorkspaceLock::acquire(workspace, "rollback", std::chrono::seconds(30));
      acquired = true;
    } catch (const Error& e) {
      error = e.what();
    }
  });
  held.reset();  // the execution finishes while the rollback waits
  rollback.join();
  CHECK(acquired);
  CHECK(error.empty());
}
