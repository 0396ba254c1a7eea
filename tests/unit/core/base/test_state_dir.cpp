#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "core/base/error.h"
#include "core/base/state_dir.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;
using tars::test::write;

namespace {

constexpr uid_t kNobody = 65534;

// The message of the Error(Io) that fn throws.
template <typename Fn>
std::string refusal(Fn&& fn) {
  return tars::test::error_message(std::forward<Fn>(fn), ErrorKind::Io);
}

}  // namespace

TEST_CASE("opened only when present, created on request, refused as a symlink") {
  TempDir dir, outside;
  DirHandle root = DirHandle::open_path(dir.path());
  CHECK_FALSE(StateDir::open(root, false));
  CHECK_FALSE(fs::exists(dir / ".tars"));
  REQUIRE(StateDir::open(root, true));
  CHECK(fs::is_directory(dir / ".tars"));

  TempDir linked;
  fs::create_directory_symlink(outside.path(), linked / ".tars");
  DirHandle other = DirHandle::open_path(linked.path());
  CHECK(refusal([&] { StateDir::open(other, true); }).find("is a symlink") != std::string::npos);
  CHECK(fs::is_empty(outside.path()));
}

TEST_CASE("every directory and file beneath it is checked before use") {
  TempDir dir, outside;
  StateDir state = *StateDir::open(DirHandle::open_path(dir.path()), true);
  DirHandle originals = state.make_dir("originals/ctx-1");
  CHECK(originals.path() == dir / ".tars/originals/ctx-1");
  fs::create_directory_symlink(outside.path(), dir / ".tars/backups");
  CHECK(refusal([&] { state.make_dir("backups/ctx-1"); }).find("is a symlink") !=
        std::string::npos);
  CHECK(fs::is_empty(outside.path()));

  fs::create_symlink(outside / "x", dir / ".tars/lock");
  CHECK(refusal([&] { state.check_file(state.dir(), "lock"); }).find("is a symlink") !=
        std::string::npos);
  REQUIRE(::mkfifo((dir / ".tars/state.db").c_str(), 0644) == 0);
  CHECK(refusal([&] { state.check_file(state.dir(), "state.db"); }).find("a FIFO") !=
        std::string::npos);
  state.check_file(state.dir(), "missing");  // nothing there is fine
}

TEST_CASE("another user's .tars/ and directories beneath it are refused (as root)") {
  if (::geteuid() != 0) return;  // only root can give a directory away; CI runs as root
  TempDir dir;
  fs::create_directories(dir / ".tars/originals");
  REQUIRE(::chown((dir / ".tars/originals").c_str(), kNobody, kNobody) == 0);
  StateDir state = *StateDir::open(DirHandle::open_path(dir.path()), false);
  CHECK(refusal([&] { state.find_dir("originals"); }).find("belongs to uid 65534") !=
        std::string::npos);
  REQUIRE(::chown((dir / ".tars").c_str(), kNobody, kNobody) == 0);
  CHECK(refusal([&] {
          StateDir::open(DirHandle::open_path(dir.path()), false);
        }).find("not to you") != std::string::npos);
  write(dir / "x", "");
  CHECK(is_own_uid(::geteuid()));
  CHECK_FALSE(is_own_uid(kNobody));
}

TEST_CASE("never created at a file system's root") {
  bool existed = fs::exists("/.tars");
  std::string message = refusal([] { StateDir::open(DirHandle::open_path("/"), true); });
  CHECK(message.find("file system's root") != std::string::npos);
  if (!existed) {
    CHECK_FALSE(fs::exists("/.tars"));
    std::error_code ignored;
    fs::remove_all("/.tars", ignored);  // never left behind, even when the check fails
  }
}
