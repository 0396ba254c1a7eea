#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "core/base/dir_handle.h"
#include "core/base/error.h"
#include "test_support.h"

using namespace tars;
using tars::test::error_message;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

namespace {

// Runs the case once with openat2 and once with the O_NOFOLLOW walk older kernels get.
struct BothResolvers {
  explicit BothResolvers(bool openat2) { set_openat2_enabled(openat2); }
  ~BothResolvers() { set_openat2_enabled(true); }
};

}  // namespace

TEST_CASE("find_dir opens beneath without following a symlink in any part") {
  for (bool openat2 : {true, false}) {
    CAPTURE(openat2);
    BothResolvers resolver(openat2);
    TempDir dir, outside;
    fs::create_directories(dir / "a/b");
    fs::create_directory_symlink(outside.path(), dir / "a/link");
    fs::create_directory_symlink(dir / "a/b", dir / "inside-link");
    DirHandle root = DirHandle::open_path(dir.path());

    REQUIRE(root.find_dir("a/b"));
    CHECK(root.find_dir("a/b")->path() == dir / "a/b");
    CHECK_FALSE(root.find_dir("a/missing/c"));
    for (const char* through : {"a/link", "a/link/x", "inside-link"}) {
      CAPTURE(through);
      std::string message = error_message([&] { root.find_dir(through); }, ErrorKind::Io);
      CHECK(message.find("is a symlink") != std::string::npos);
    }
    write(dir / "a/file", "x");
    CHECK_THROWS_AS(root.find_dir("a/file/x"), Error);
    for (const char* bad : {"../x", "a/../b", "/etc", "a//b", "./a"})
      CHECK_THROWS_AS(root.find_dir(bad), Error);
  }
}

TEST_CASE("make_dir creates the missing parts and refuses a planted symlink") {
  TempDir dir, outside;
  DirHandle root = DirHandle::open_path(dir.path());
  DirHandle made = root.make_dir("x/y/z", 0700);
  CHECK(made.path() == dir / "x/y/z");
  CHECK((fs::status(dir / "x/y/z").permissions() & fs::perms::all) == fs::perms::owner_all);
  fs::create_directory_symlink(outside.path(), dir / "x/planted");
  CHECK_THROWS_AS(root.make_dir("x/planted/deeper"), Error);
  CHECK(fs::is_empty(outside.path()));
}

TEST_CASE("read refuses what is not a regular file, without blocking or opening it") {
  TempDir dir, outside;
  DirHandle root = DirHandle::open_path(dir.path());
  write(dir / "plain", "bytes");
  write(outside / "secret", "secret");
  fs::create_symlink(outside / "secret", dir / "link");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0644) == 0);
  fs::create_directory(dir / "sub");

  CHECK(root.read("plain") == "bytes");
  CHECK_FALSE(root.read("missing"));
  for (const char* special : {"link", "fifo", "sub"}) {
    CAPTURE(special);
    std::string message = error_message([&] { root.read(special); }, ErrorKind::Io);
    CHECK(message.find("not a regular file") != std::string::npos);
  }
}

TEST_CASE("write_temp creates exclusively under an unpredictable name with exactly the mode") {
  TempDir dir;
  DirHandle root = DirHandle::open_path(dir.path());
  mode_t previous = umask(077);
  std::string first = root.write_temp("file.txt", "one", 04755);
  std::string second = root.write_temp("file.txt", "two", 0644);
  umask(previous);
  CHECK(first != second);
  CHECK(DirHandle::is_temp_for(first, "file.txt"));
  CHECK_FALSE(DirHandle::is_temp_for(first, "file"));
  CHECK_FALSE(DirHandle::is_temp_for(".file.txt.tars-tmp", "file.txt"));
  CHECK((fs::status(dir / first).permissions() & fs::perms::mask) == fs::perms(0755));
  root.rename(first, root, "file.txt");
  CHECK(read(dir / "file.txt") == "one");
  CHECK_THROWS_AS(root.create("file.txt", 0644), Error);  // O_EXCL
}

TEST_CASE("a symlink planted at a name is never written through") {
  TempDir dir, outside;
  write(outside / "victim", "precious");
  fs::create_symlink(outside / "victim", dir / "target");
  DirHandle root = DirHandle::open_path(dir.path());
  CHECK_THROWS_AS(root.create("target", 0644), Error);
  root.write_atomic("target", "new", 0644);  // replaces the link itself
  CHECK(read(outside / "victim") == "precious");
  CHECK_FALSE(fs::is_symlink(dir / "target"));
  CHECK(read(dir / "target") == "new");
}

TEST_CASE("link, rename, remove and remove_tree act on entries, never on link targets") {
  TempDir dir, outside;
  write(outside / "kept", "outside");
  fs::create_directories(dir / "tree/inner");
  write(dir / "tree/inner/f", "f");
  fs::create_directory_symlink(outside.path(), dir / "tree/escape");
  DirHandle root = DirHandle::open_path(dir.path());
  root.remove_tree("tree");
  CHECK_FALSE(fs::exists(dir / "tree"));
  CHECK(read(outside / "kept") == "outside");

  write(dir / "a", "a");
  DirHandle sub = root.make_dir("sub");
  CHECK(root.link("a", sub, "a-link"));
  CHECK(read(dir / "sub/a-link") == "a");
  CHECK_FALSE(root.link("missing", sub, "x"));
  CHECK(root.remove("a"));
  CHECK_FALSE(root.remove("a"));
  root.symlink("sub/a-link", "relative-link");
  CHECK(fs::read_symlink(dir / "relative-link") == "sub/a-link");
  CHECK(S_ISLNK(root.stat("relative-link")->st_mode));
  CHECK(root.entries().size() == 2);
}

TEST_CASE("handles may be held by the thousand: the soft limit of open files is raised") {
  rlimit limit{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
  limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 256);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
  TempDir dir;
  std::vector<DirHandle> held;
  for (int i = 0; i < 300; ++i) held.push_back(DirHandle::open_path(dir.path()));
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
  CHECK(limit.rlim_cur == limit.rlim_max);
}
