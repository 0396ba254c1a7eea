#include <doctest/doctest.h>

#include "core/error.h"
#include "core/workspace_lock.h"
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
