#include <doctest/doctest.h>

#include <sys/stat.h>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

TEST_CASE("write_file_atomic replaces content, keeps the mode, leaves no temp file") {
  TempDir dir;
  tars::test::write(dir / "run.sh", "old");
  fs::permissions(dir / "run.sh", fs::perms(0755));
  write_file_atomic(dir / "run.sh", "new");
  CHECK(read_file(dir / "run.sh") == "new");
  CHECK(file_mode(dir / "run.sh") == 0755u);
  CHECK(std::distance(fs::directory_iterator(dir.path()), {}) == 1);
  mode_t previous = umask(077);
  write_file_atomic(dir / "fresh.txt", "x");
  umask(previous);
  CHECK(file_mode(dir / "fresh.txt") == 0644u);
  write_file_atomic(dir / "fresh.txt", "y", 0600);
  CHECK(file_mode(dir / "fresh.txt") == 0600u);
  write_file_atomic(dir / "fresh.txt", "z", 06755);
  CHECK(file_mode(dir / "fresh.txt") == 0755u);  // never setuid or setgid
}

TEST_CASE("write_file_atomic replaces a symlink at the target, never writes through it") {
  TempDir dir, outside;
  tars::test::write(outside / "victim", "precious");
  fs::create_symlink(outside / "victim", dir / "report.json");
  write_file_atomic(dir / "report.json", "{}");
  CHECK(read_file(outside / "victim") == "precious");
  CHECK_FALSE(fs::is_symlink(dir / "report.json"));
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

TEST_CASE("reading refuses a FIFO without blocking, and sync works") {
  TempDir dir;
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0644) == 0);
  try {
    read_file_if_exists(dir / "fifo");
    FAIL("expected a refusal");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("is a FIFO, not a regular file") != std::string::npos);
  }
  sync_filesystem(dir.path());
  fsync_path(dir.path());
}
