#include "mcp/proposal_patch.h"

#include "test_support.h"

using namespace tars;
using namespace tars::test;
using tars::mcp::FileContent;
using tars::mcp::TextReplacement;

TEST_CASE("edits of one file apply in order, each to what the earlier left") {
  WorkspaceFixture fx;
  write(fx.dir / "a.py", "x = 1\ny = 2\n");
  std::string patch = mcp::patch_from_edits(
      fx.workspace, {{"a.py", "x = 1", "x = 10"}, {"./a.py", "x = 10\ny", "x = 10\nz"}});
  CHECK(patch.find("diff --git a/a.py b/a.py") != std::string::npos);
  CHECK(patch.find("-x = 1\n-y = 2\n+x = 10\n+z = 2\n") != std::string::npos);
  CHECK(read(fx.dir / "a.py") == "x = 1\ny = 2\n");  // nothing written
}

TEST_CASE("an oldText must occur exactly once; the error names the edit, file and why") {
  WorkspaceFixture fx;
  write(fx.dir / "a.py", "x = 1\nx = 1\n");
  write(fx.dir / "w.txt", "one\r\ntwo\r\n");
  std::string twice = error_message(
      [&] {
        mcp::patch_from_edits(fx.workspace, {{"a.py", "x = 1", "x = 2"}});
      },
      ErrorKind::BadInput);
  CHECK(twice.find("edits[0]: oldText occurs more than once in a.py (lines 1 and 2)") == 0);
  std::string missing = error_message(
      [&] {
        mcp::patch_from_edits(fx.workspace, {{"w.txt", "one\ntwo", "1\n2"}});
      },
      ErrorKind::BadInput);
  CHECK(missing.find("edits[0]: oldText was not found in w.txt") == 0);
  CHECK(missing.find("the file's lines end in \\r\\n") != std::string::npos);
  std::string absent = error_message(
      [&] {
        mcp::patch_from_edits(fx.workspace, {{"new.py", "a", "b"}});
      },
      ErrorKind::BadInput);
  CHECK(absent.find("new.py does not exist") != std::string::npos);
  std::string same = error_message(
      [&] {
        mcp::patch_from_edits(fx.workspace, {{"w.txt", "one", "one"}});
      },
      ErrorKind::BadInput);
  CHECK(same.find("the edits change nothing") == 0);
}

TEST_CASE("an edit outside the workspace is refused") {
  WorkspaceFixture fx;
  error_message(
      [&] {
        mcp::patch_from_edits(fx.workspace, {{"../x.py", "a", "b"}});
      },
      ErrorKind::PlanInvalid);
}

TEST_CASE("an edit through a symlinked directory is refused, the file outside never read") {
  WorkspaceFixture fx;
  TempDir outside;
  write(outside.path() / "secret.py", "token = 1\n");
  std::filesystem::create_directory_symlink(outside.path(), fx.dir / "link");
  error_message(
      [&] {
        mcp::patch_from_edits(fx.workspace, {{"link/secret.py", "token = 1", "token = 2"}});
      },
      ErrorKind::PlanInvalid);
  CHECK(read(outside.path() / "secret.py") == "token = 1\n");
}

TEST_CASE("whole files create, replace and delete") {
  WorkspaceFixture fx;
  write(fx.dir / "old.txt", "old\n");
  write(fx.dir / "keep.txt", "keep\n");
  std::string patch = mcp::patch_from_files(
      fx.workspace, {{"src/new.txt", "new\n"}, {"old.txt", std::nullopt}, {"keep.txt", "kept\n"}});
  CHECK(patch.find("diff --git a/src/new.txt b/src/new.txt\nnew file mode 100644") !=
        std::string::npos);
  CHECK(patch.find("diff --git a/old.txt b/old.txt\ndeleted file mode 100644") !=
        std::string::npos);
  CHECK(patch.find("-keep\n+kept\n") != std::string::npos);

  CHECK(error_message(
            [&] {
              mcp::patch_from_files(fx.workspace, {{"gone.txt", std::nullopt}});
            },
            ErrorKind::BadInput)
            .find("gone.txt does not exist, so it cannot be deleted") != std::string::npos);
  CHECK(error_message(
            [&] {
              mcp::patch_from_files(fx.workspace, {{"keep.txt", "keep\n"}});
            },
            ErrorKind::BadInput)
            .find("change nothing") != std::string::npos);
  CHECK(error_message(
            [&] {
              mcp::patch_from_files(fx.workspace, {{"keep.txt", "a"}, {"./keep.txt", "b"}});
            },
            ErrorKind::BadInput)
            .find("files[1]: keep.txt is named twice") != std::string::npos);
}
