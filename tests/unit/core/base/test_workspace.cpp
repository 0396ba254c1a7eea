#include <doctest/doctest.h>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/workspace.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

TEST_CASE("discover prefers --workspace, then the nearest parent with .tars/, then cwd") {
  TempDir dir;
  fs::create_directories(dir / "project/.tars");
  fs::create_directories(dir / "project/src/deep");
  CHECK(Workspace::discover(std::nullopt, dir / "project/src/deep").root() == dir / "project");
  CHECK(Workspace::discover(std::nullopt, dir.path()).root() == dir.path());
  CHECK(Workspace::discover(fs::path("project/src"), dir.path()).root() == dir / "project/src");
}

TEST_CASE("a missing --workspace is a not-found error") {
  TempDir dir;
  try {
    Workspace::discover(dir / "nope", dir.path());
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NotFound);
  }
}

TEST_CASE("resolve keeps paths inside the workspace") {
  TempDir dir;
  Workspace workspace(dir.path());
  tars::test::write(dir / "src/a.cpp", "x");
  CHECK(workspace.resolve("src/a.cpp") == dir / "src/a.cpp");
  CHECK(workspace.resolve("src/new.cpp") == dir / "src/new.cpp");
  CHECK(workspace.resolve((dir / "src/a.cpp").string()) == dir / "src/a.cpp");
  CHECK(workspace.relative(dir / "src/a.cpp") == "src/a.cpp");
}

TEST_CASE("resolve refuses escapes, symlinks out, .git and .tars") {
  TempDir dir;
  TempDir outside;
  fs::create_directories(dir / "ws/.git");
  Workspace workspace(dir / "ws");
  fs::create_directory_symlink(outside.path(), dir / "ws/link");
  for (const char* bad :
       {"../x", "a/../../x", "/etc/passwd", "link/file", ".git/config", ".tars/state.db", ""}) {
    CAPTURE(bad);
    try {
      workspace.resolve(bad);
      FAIL("expected a refusal");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::PlanInvalid);
      CHECK(std::string(e.what()).starts_with("Execution plan validation failed"));
    }
  }
}

TEST_CASE("open resolves a path once into a handle beneath the root") {
  TempDir dir;
  Workspace workspace(dir.path());
  tars::test::write(dir / "src/a.cpp", "x");
  PathHandle a = workspace.open("src/a.cpp");
  CHECK(a.relative() == "src/a.cpp");
  CHECK(a.name() == "a.cpp");
  CHECK(a.dir().path() == dir / "src");
  CHECK(a.read() == "x");

  PathHandle fresh = workspace.open("new/deep/file.txt");
  CHECK_FALSE(fresh.has_dir());
  CHECK_FALSE(fresh.stat());
  fresh.make_dir();
  CHECK(fs::is_directory(dir / "new/deep"));
  CHECK(fresh.dir().path() == dir / "new/deep");
  workspace.remove_empty_dirs("new/deep");
  CHECK_FALSE(fs::exists(dir / "new"));
}

TEST_CASE(
    "a directory swapped for a symlink: a held handle keeps its directory, a new open refuses") {
  TempDir dir, outside;
  Workspace workspace(dir.path());
  tars::test::write(dir / "src/a.cpp", "x");
  {
    PathHandle held = workspace.open("src/a.cpp");
    fs::rename(dir / "src", dir / "src-moved");
    fs::create_directory_symlink(outside.path(), dir / "src");
    CHECK(held.read() == "x");
  }
  try {
    workspace.open("src/a.cpp");
    FAIL("followed the symlink");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::PlanInvalid);
    CHECK(std::string(e.what()).find("is a symlink") != std::string::npos);
  }
}

TEST_CASE("the state directory ignores itself in git, once, when TARS creates it") {
  TempDir dir;
  Workspace fresh(dir.path());
  CHECK_FALSE(fresh.state());
  fresh.ensure_state_dir();
  auto ignore = read_file_if_exists(dir / ".tars/.gitignore");
  REQUIRE(ignore);
  CHECK(ignore->find("\n*\n") != std::string::npos);
  fs::remove(dir / ".tars/.gitignore");  // a person's choice is kept
  fresh.ensure_state_dir();
  CHECK_FALSE(fs::exists(dir / ".tars/.gitignore"));

  TempDir shared;
  fs::create_directories(shared / ".tars");  // a committed .tars/config.json, say
  Workspace existing(shared.path());
  existing.ensure_state_dir();
  CHECK(fs::is_directory(shared / ".tars/improvements"));
  CHECK_FALSE(fs::exists(shared / ".tars/.gitignore"));
}
