#include <doctest/doctest.h>

#include <sys/stat.h>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

TEST_CASE("write_file_atomic replaces content and keeps the mode") {
  TempDir dir;
  tars::test::write(dir / "run.sh", "old");
  fs::permissions(dir / "run.sh", fs::perms(0755));
  write_file_atomic(dir / "run.sh", "new");
  CHECK(read_file(dir / "run.sh") == "new");
  CHECK(file_mode(dir / "run.sh") == 0755u);
  CHECK_FALSE(fs::exists(temp_path_for(dir / "run.sh")));
  write_file_atomic(dir / "fresh.txt", "x");
  CHECK(file_mode(dir / "fresh.txt") == 0644u);
  write_file_atomic(dir / "fresh.txt", "y", 0600);
  CHECK(file_mode(dir / "fresh.txt") == 0600u);
}

TEST_CASE("write_temp sets exactly the requested mode, whatever the umask") {
  TempDir dir;
  mode_t previous = umask(077);
  fs::path temp = write_temp(dir / "sub/dir/file.txt", "bytes", 0664);
  umask(previous);
  CHECK(temp == dir / "sub/dir/.file.txt.tars-tmp");
  CHECK(file_mode(temp) == 0664u);
  replace_with(temp, dir / "sub/dir/file.txt");
  CHECK(read_file(dir / "sub/dir/file.txt") == "bytes");
}

TEST_CASE("reading a missing file: nullopt, or an I/O error naming it") {
  TempDir dir;
  CHECK_FALSE(read_file_if_exists(dir / "missing"));
  CHECK_FALSE(file_mode(dir / "missing"));
  try {
    read_file(dir / "missing");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(std::string(e.what()).find((dir / "missing").string()) != std::string::npos);
  }
  std::string big(3 << 20, 'x');
  tars::test::write(dir / "big", big);
  CHECK(read_file(dir / "big") == big);
}

TEST_CASE("remove_empty_parents stops at the first non-empty directory and at the root") {
  TempDir dir;
  fs::create_directories(dir / "a/b/c");
  tars::test::write(dir / "a/keep.txt", "x");
  remove_empty_parents(dir / "a/b/c", dir.path());
  CHECK_FALSE(fs::exists(dir / "a/b"));
  CHECK(fs::exists(dir / "a/keep.txt"));
  fs::create_directories(dir / "e/f");
  remove_empty_parents(dir / "e/f/missing", dir.path());
  CHECK_FALSE(fs::exists(dir / "e"));
  CHECK(fs::exists(dir.path()));
}

TEST_CASE("remove_file_durable tolerates a missing file; sync works") {
  TempDir dir;
  tars::test::write(dir / "x", "1");
  remove_file_durable(dir / "x");
  CHECK_FALSE(fs::exists(dir / "x"));
  remove_file_durable(dir / "x");
  sync_filesystem(dir.path());
  fsync_path(dir.path());
}
