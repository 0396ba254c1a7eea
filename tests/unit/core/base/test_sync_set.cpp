#include <doctest/doctest.h>

#include <cstdlib>

#include "core/base/sync_set.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

namespace {

// Sets TARS_SYNCFS_ABOVE for one case.
struct SyncfsAbove {
  explicit SyncfsAbove(const char* value) { ::setenv("TARS_SYNCFS_ABOVE", value, 1); }
  ~SyncfsAbove() { ::unsetenv("TARS_SYNCFS_ABOVE"); }
};

}  // namespace

TEST_CASE("a few files are fsynced one by one, more than the limit by one syncfs") {
  CHECK(SyncSet(0).per_file());
  CHECK(SyncSet(1).per_file());
  CHECK(SyncSet(kPerFileSyncLimit).per_file());
  CHECK_FALSE(SyncSet(kPerFileSyncLimit + 1).per_file());
  SyncfsAbove zero("0");
  CHECK_FALSE(SyncSet(1).per_file());
  CHECK(SyncSet(0).per_file());
}

TEST_CASE("a limit that is not a number is ignored") {
  SyncfsAbove junk("many");
  CHECK(SyncSet(kPerFileSyncLimit).per_file());
  CHECK_FALSE(SyncSet(kPerFileSyncLimit + 1).per_file());
}

TEST_CASE("directories on the way are synced where they exist, removed ones skipped") {
  TempDir dir;
  fs::create_directories(dir / "a/b");
  DirHandle root = DirHandle::open_path(dir.path());
  SyncSet sync(1);
  sync.add_with_parents(root, "a/b/gone/deeper");  // a, a/b and the root; the rest missing
  sync.add_with_parents(root, "");
  DirHandle b = *root.find_dir("a/b");
  sync.add(b);
  fs::create_directory(dir / "c");
  DirHandle c = *root.find_dir("c");
  sync.add(c);
  fs::remove(dir / "c");  // removed after it changed: nothing left to make durable
  CHECK_NOTHROW(sync.sync_contents(root));
  CHECK_NOTHROW(sync.sync(root));
}

TEST_CASE("a path through a file or a symlink is skipped, not an error") {
  TempDir dir, outside;
  fs::create_directories(dir / "a");
  tars::test::write(dir / "a/file", "x");
  fs::create_directory_symlink(outside.path(), dir / "link");
  DirHandle root = DirHandle::open_path(dir.path());
  SyncSet sync(1);
  CHECK_NOTHROW(sync.add_with_parents(root, "a/file/below"));
  CHECK_NOTHROW(sync.add_with_parents(root, "link/below"));
  CHECK_NOTHROW(sync.sync(root));
}

TEST_CASE("past the limit nothing is collected and sync is one syncfs") {
  TempDir dir;
  DirHandle root = DirHandle::open_path(dir.path());
  SyncSet sync(kPerFileSyncLimit + 1);
  sync.add(root);
  sync.add_with_parents(root, "missing/dir");
  CHECK_NOTHROW(sync.sync_contents(root));
  CHECK_NOTHROW(sync.sync(root));
}
