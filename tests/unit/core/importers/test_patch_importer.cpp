#include <doctest/doctest.h>
#include <sys/stat.h>

#include "core/base/error.h"
#include "core/importers/formats.h"
#include "core/importers/importer.h"
#include "test_support.h"

using namespace tars;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

namespace {

ImportResult import_patch(const Workspace& workspace, const std::string& patch) {
  return patch_importer().import({patch, "fix.patch", ""}, workspace);
}

std::string import_error(const Workspace& workspace, const std::string& patch,
                         ErrorKind kind = ErrorKind::BadInput) {
  return tars::test::error_message([&] { import_patch(workspace, patch); }, kind);
}

int run(const std::string& command) {
  return std::system(command.c_str());
}

}  // namespace

TEST_CASE("edits from a real git diff reproduce git apply byte for byte") {
  TempDir dir;
  const std::string before =
      "caf\xc3\xa9 one\r\ntwo\r\nthree\r\nfour\r\nfive\r\nsix\r\nseven\r\neight\r\nnine\r\nten";
  const std::string after =
      "caf\xc3\xa9 ONE\r\ntwo\r\nthree\r\nfour\r\nfive\r\nsix\r\nseven\r\n8\r\nnine\r\nten!";
  write(dir / "old/f.txt", before);
  write(dir / "new/f.txt", after);
  run("cd " + dir.path().string() + " && git diff --no-index old/f.txt new/f.txt > fix.patch");
  std::string patch = read(dir / "fix.patch");
  REQUIRE(patch.find("@@") != std::string::npos);

  Workspace workspace(dir / "old");
  // git diff --no-index names the files a/old/f.txt and b/new/f.txt: point both at f.txt.
  std::string normalised = patch;
  for (const char* from : {"a/old/f.txt", "b/new/f.txt"})
    for (std::size_t at; (at = normalised.find(from)) != std::string::npos;)
      normalised.replace(at, std::string(from).size(), std::string(from).substr(0, 2) + "f.txt");
  ImportResult result = import_patch(workspace, normalised);
  REQUIRE(result.improvements.size() == 1);
  const Improvement& improvement = result.improvements[0];
  REQUIRE(improvement.changes.size() == 1);
  const FileChange& change = improvement.changes[0];
  CHECK(change.kind == ChangeKind::Edit);
  CHECK(change.edits.size() == 3);  // context lines are not part of the edits
  CHECK(apply_edits(before, change.edits) == after);
  CHECK(result.base_contents.at(change.base_hash) == before);
  CHECK(improvement.source == "patch");
  CHECK(improvement.title == "Apply fix.patch");
  CHECK(improvement.id.starts_with("imp-"));
}

TEST_CASE("a hunk whose lines moved is found where they are now") {
  TempDir dir;
  write(dir / "a.txt", "new 1\nnew 2\none\ntwo\nthree\n");
  Workspace workspace(dir.path());
  ImportResult result = import_patch(
      workspace, "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n");
  CHECK(apply_edits(read(dir / "a.txt"), result.improvements[0].changes[0].edits) ==
        "new 1\nnew 2\none\nTWO\nthree\n");
}

TEST_CASE("created, deleted and renamed files become their change kinds") {
  TempDir dir;
  write(dir / "gone.txt", "bye\n");
  write(dir / "old.txt", "a\nb\n");
  Workspace workspace(dir.path());
  ImportResult result = import_patch(
      workspace,
      "diff --git a/n/new.sh b/n/new.sh\nnew file mode 100755\n--- /dev/null\n+++ b/n/new.sh\n"
      "@@ -0,0 +1,2 @@\n+#!/bin/sh\n+echo hi\n"
      "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n"
      "+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
      "diff --git a/old.txt b/moved.txt\nsimilarity index 60%\nrename from old.txt\n"
      "rename to moved.txt\n--- a/old.txt\n+++ b/moved.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n");
  auto& changes = result.improvements[0].changes;
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].kind == ChangeKind::Create);
  CHECK(changes[0].content == "#!/bin/sh\necho hi\n");
  CHECK(changes[0].mode == 0755u);
  CHECK(changes[1].kind == ChangeKind::Delete);
  CHECK_FALSE(changes[1].base_hash.empty());
  CHECK(changes[2].kind == ChangeKind::Rename);
  CHECK(changes[2].new_path == "moved.txt");
  CHECK(apply_edits("a\nb\n", changes[2].edits) == "a\nB\n");
}

TEST_CASE("one edit per run of changed lines; the id depends only on the changes") {
  TempDir dir;
  write(dir / "a.txt", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n");
  write(dir / "b.txt", "x\ny");
  write(dir / "gone.txt", "bye\n");
  Workspace workspace(dir.path());
  ImportResult result = import_patch(
      workspace,
      "--- a/a.txt\n+++ b/a.txt\n@@ -1,4 +1,4 @@\n one\n-two\n+TWO\n-three\n+THREE\n four\n"
      "@@ -8,3 +8,2 @@\n eight\n-nine\n ten\n"
      "--- a/b.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n"
      "--- a/new.txt\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+fresh\n+file\n"
      "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n"
      "+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n");
  const Improvement& improvement = result.improvements[0];
  REQUIRE(improvement.changes.size() == 4);
  const std::vector<TextEdit>& edits = improvement.changes[0].edits;
  REQUIRE(edits.size() == 2);
  CHECK(edits[0].offset == 4);
  CHECK(edits[0].old_text == "two\nthree\n");
  CHECK(edits[0].new_text == "TWO\nTHREE\n");
  CHECK(edits[1].old_text == "nine\n");
  CHECK(edits[1].new_text.empty());
  CHECK(improvement.changes[1].edits[0].old_text == "y");
  CHECK(improvement.changes[1].edits[0].new_text == "y\n");
  // `diff -N` shows a new file as changes to an empty one.
  CHECK(improvement.changes[2].kind == ChangeKind::Create);
  CHECK(improvement.changes[2].content == "fresh\nfile\n");
  CHECK(improvement.changes[3].kind == ChangeKind::Delete);
  CHECK(result.base_contents.size() == 3);
  CHECK(result.base_contents.at(improvement.changes[3].base_hash) == "bye\n");
  // Ids are stored: the same changes must keep giving the same id.
  CHECK(improvement.id == "imp-d25abc312e");
}

TEST_CASE("what cannot apply is refused with the patch position") {
  TempDir dir;
  write(dir / "a.txt", "one\ntwo\n");
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-zzz\n+y\n")
            .find("fix.patch:3: hunk does not apply to a.txt") == 0);
  CHECK(import_error(workspace, "--- a/missing.txt\n+++ b/missing.txt\n@@ -1 +1 @@\n-a\n+b\n")
            .find("missing.txt does not exist") != std::string::npos);
  CHECK(import_error(workspace,
                     "diff --git a/a.txt b/a.txt\nnew file mode 100644\n--- /dev/null\n+++ "
                     "b/a.txt\n@@ -0,0 +1 @@\n+x\n")
            .find("already exists") != std::string::npos);
  CHECK(import_error(workspace, "--- a/../escape.txt\n+++ b/../escape.txt\n@@ -1 +1 @@\n-a\n+b\n")
            .find("fix.patch:1: ") == 0);
  CHECK(import_error(workspace, "--- a/../escape.txt\n+++ b/../escape.txt\n@@ -1 +1 @@\n-a\n+b\n")
            .find("outside the workspace") != std::string::npos);
  write(dir / "p.png", std::string("\0png", 4));
  CHECK(import_error(workspace,
                     "diff --git a/p.png b/p.png\nBinary files a/p.png and b/p.png differ\n") ==
        "fix.patch:1: p.png: the binary patch has no data (make it with `git diff --binary`)");
  write(dir / "gone.txt", "bye\n");
  CHECK(import_error(workspace,
                     "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n"
                     "+++ /dev/null\n@@ -1,2 +0,0 @@\n-bye\n-more\n") ==
        "fix.patch:1: gone.txt does not match the deleted content");
  CHECK(import_error(workspace,
                     "--- a/new.txt\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n"
                     "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-zzz\n+y\n")
            .find("fix.patch:8: hunk does not apply") == 0);
}

TEST_CASE("the registry finds the patch importer by name and by content") {
  CHECK(find_importer("patch") != nullptr);
  CHECK(find_importer("nonsense") == nullptr);
  CHECK(guess_importer("diff --git a/x b/x\n") == find_importer("patch"));
  CHECK(guess_importer("--- a/x\n+++ b/x\n@@ -1 +1 @@\n") == find_importer("patch"));
  CHECK(guess_importer("{\"json\": true}") == nullptr);
  CHECK(importer_formats() == std::vector<std::string>{"clang-tidy", "sarif", "lsp", "patch"});
}

TEST_CASE("files convert in parallel, but the first bad file in patch order is reported") {
  TempDir dir;
  std::string patch;
  for (int i = 0; i < 64; ++i) {
    std::string name = "f" + std::to_string(i) + ".txt";
    if (i != 20 && i != 50) write(dir / name, "old " + std::to_string(i) + "\n");
    patch += "--- a/" + name + "\n+++ b/" + name + "\n@@ -1 +1 @@\n-old " + std::to_string(i) +
             "\n+new " + std::to_string(i) + "\n";
  }
  Workspace workspace(dir.path());
  for (int attempt = 0; attempt < 5; ++attempt)
    CHECK(import_error(workspace, patch) ==
          "fix.patch:101: f20.txt does not exist in the workspace");
  write(dir / "f20.txt", "old 20\n");
  write(dir / "f50.txt", "old 50\n");
  ImportResult result = import_patch(workspace, patch);
  REQUIRE(result.improvements.at(0).changes.size() == 64);
  for (int i = 0; i < 64; ++i)  // in patch order
    CHECK(result.improvements[0].changes[i].path == "f" + std::to_string(i) + ".txt");
  CHECK(result.base_contents.size() == 64);
}

TEST_CASE("a name that is not a regular file is bad input, and a FIFO is never opened") {
  // Found by fuzz/targets/patch.cpp: a directory was an I/O error (exit 1), not bad input.
  TempDir dir;
  fs::create_directory(dir / "src");
  REQUIRE(mkfifo((dir / "pipe").c_str(), 0600) == 0);
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, "--- a/src\n+++ b/src\n@@ -1 +1 @@\n-a\n+b\n") ==
        "fix.patch:1: src is a directory");
  CHECK(import_error(workspace, "Subject: x\n--- a/pipe\n+++ b/pipe\n@@ -1 +1 @@\n-a\n+b\n") ==
        "fix.patch:2: " + (dir / "pipe").string() + " is a FIFO, not a regular file");
  // Found by fuzz/targets/patch.cpp: ENAMETOOLONG was an I/O error (exit 1).
  std::string name(300, 'n');
  CHECK(import_error(workspace, "--- a/" + name + "\n+++ b/" + name + "\n@@ -1 +1 @@\n-a\n+b\n") ==
        "fix.patch:1: Cannot stat " + (dir / name).string() + ": File name too long");
}

TEST_CASE("two sections for one file apply one after the other, as git apply does") {
  TempDir dir;
  write(dir / "a.txt", "one\ntwo\nthree\n");
  write(dir / "b.txt", "b\n");
  Workspace workspace(dir.path());
  ImportResult result =
      import_patch(workspace,
                   "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"
                   "--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-b\n+B\n"
                   "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n-one\n+ONE\n TWO\n three\n");
  const auto& changes = result.improvements.at(0).changes;
  REQUIRE(changes.size() == 2);  // one change per file, in the order files first appear
  CHECK(changes[0].path == "a.txt");
  CHECK(apply_edits(read(dir / "a.txt"), changes[0].edits) == "ONE\nTWO\nthree\n");
  CHECK(changes[1].path == "b.txt");

  // The second section does not apply to what the first left: its line is named.
  CHECK(import_error(workspace,
                     "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+ONE\n"
                     "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+1\n") ==
        "fix.patch:8: hunk does not apply to a.txt: its lines are not in the file");

  // A delete and a create of one path (how git shows a type change) become one edit.
  ImportResult replaced = import_patch(
      workspace,
      "diff --git a/b.txt b/b.txt\ndeleted file mode 100644\n--- a/b.txt\n+++ /dev/null\n"
      "@@ -1 +0,0 @@\n-b\n"
      "diff --git a/b.txt b/b.txt\nnew file mode 100755\n--- /dev/null\n+++ b/b.txt\n"
      "@@ -0,0 +1 @@\n+#!/bin/sh\n");
  const FileChange& change = replaced.improvements.at(0).changes.at(0);
  CHECK(change.kind == ChangeKind::Edit);
  CHECK(change.mode == 0755u);
  CHECK(apply_edits("b\n", change.edits) == "#!/bin/sh\n");
}

TEST_CASE("modes, copies, binary data and submodules, as git apply reads them") {
  TempDir dir;
  write(dir / "s.sh", "echo\n");
  write(dir / "src.txt", "1\n2\n3\n");
  write(dir / "keep.txt", "k\n");
  std::filesystem::create_directories(dir / "sub");
  Workspace workspace(dir.path());

  ImportResult modes =
      import_patch(workspace, "diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\n");
  CHECK(modes.improvements.at(0).changes.at(0).kind == ChangeKind::Edit);
  CHECK(modes.improvements[0].changes[0].mode == 0755u);
  CHECK(modes.improvements[0].changes[0].edits.empty());

  ImportResult copied = import_patch(
      workspace,
      "diff --git a/src.txt b/dst.txt\nsimilarity index 80%\ncopy from src.txt\ncopy to dst.txt\n"
      "--- a/src.txt\n+++ b/dst.txt\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n");
  const FileChange& copy = copied.improvements.at(0).changes.at(0);
  CHECK(copy.kind == ChangeKind::Create);
  CHECK(copy.path == "dst.txt");
  CHECK(copy.content == "1\ntwo\n3\n");

  // A submodule's update leaves the work tree alone and blocks no other edit.
  ImportResult submodule =
      import_patch(workspace,
                   "diff --git a/sub b/sub\nindex 1111111..2222222 160000\n--- a/sub\n+++ b/sub\n"
                   "@@ -1 +1 @@\n-Subproject commit 1111111\n+Subproject commit 2222222\n"
                   "--- a/keep.txt\n+++ b/keep.txt\n@@ -1 +1 @@\n-k\n+K\n");
  REQUIRE(submodule.improvements.at(0).changes.size() == 1);
  CHECK(submodule.improvements[0].changes[0].path == "keep.txt");
  REQUIRE(submodule.warnings.size() == 1);
  CHECK(submodule.warnings[0].find("fix.patch:1: sub: submodule updated") == 0);

  // A patch that only updates a submodule imports nothing, with a warning, as git apply
  // succeeds doing nothing in a work tree; a patch without any section stays an error.
  ImportResult only_submodule =
      import_patch(workspace,
                   "diff --git a/sub b/sub\nindex 1111111..2222222 160000\n--- a/sub\n+++ b/sub\n"
                   "@@ -1 +1 @@\n-Subproject commit 1111111\n+Subproject commit 2222222\n");
  CHECK(only_submodule.improvements.empty());
  REQUIRE(only_submodule.warnings.size() == 2);
  CHECK(only_submodule.warnings[1] ==
        "fix.patch: the patch changes no file in a work tree (a submodule update); skipped");

  // A directory where the patch expects a file is refused naming the line.
  CHECK(import_error(workspace,
                     "--- a/keep.txt\n+++ b/keep.txt\n@@ -1 +1 @@\n-k\n+K\n"
                     "--- a/sub\n+++ b/sub\n@@ -1 +1 @@\n-a\n+b\n") ==
        "fix.patch:6: sub is a directory");
}

TEST_CASE("binary literal and delta patches made by git apply byte for byte") {
  TempDir dir;
  std::string before(5000, '\0'), after;
  for (std::size_t i = 0; i < before.size(); ++i) before[i] = static_cast<char>((i * 7919) % 251);
  after = before;
  after.replace(100, 5, "HELLO");
  write(dir / "repo/blob.bin", before);
  write(dir / "repo/gone.bin", std::string("\0\1\2", 3));
  run("cd " + (dir / "repo").string() +
      " && git init -q && git add -A && git -c user.name=t "
      "-c user.email=t@t commit -qm i");
  write(dir / "repo/blob.bin", after);
  write(dir / "repo/new.bin", std::string("\0new", 4));
  run("cd " + (dir / "repo").string() +
      " && rm gone.bin && git add -A && git diff --cached "
      "--binary > ../binary.patch && git diff --cached > ../plain.patch && git reset -q --hard");
  Workspace workspace(dir / "repo");
  ImportResult result = import_patch(workspace, read(dir / "binary.patch"));
  const auto& changes = result.improvements.at(0).changes;
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].path == "blob.bin");
  CHECK(apply_edits(before, changes[0].edits) == after);
  CHECK(changes[1].kind == ChangeKind::Delete);
  CHECK(changes[2].content == std::string("\0new", 4));
  // Without --binary git writes "Binary files ... differ": a delete needs no data, a
  // change does.
  CHECK(import_error(workspace, read(dir / "plain.patch")) ==
        "fix.patch:1: blob.bin: the binary patch has no data (make it with `git diff --binary`)");
}

TEST_CASE("a format-patch series imports as one improvement per message, each on the last") {
  TempDir dir;
  write(dir / "repo/a.txt", "one\ntwo\n");
  std::string repo = (dir / "repo").string();
  std::string git = "cd " + repo + " && git -c user.name=Ann -c user.email=ann@example.com ";
  run(git + "init -q && git add -A && " +
      "git -c user.name=Ann -c user.email=ann@example.com commit -qm base");
  write(dir / "repo/a.txt", "ONE\ntwo\n");
  run(git + "commit -qam 'First change' -m 'Why the first.'");
  write(dir / "repo/a.txt", "ONE\nTWO\n");
  write(dir / "repo/b.txt", "b\n");
  run(git +
      "add -A && git -c user.name=Bo -c user.email=bo@example.com commit -qm 'Second change'");
  run(git + "format-patch -q --stdout HEAD~2..HEAD > ../series.mbox && git reset -q --hard HEAD~2");
  Workspace workspace(dir / "repo");
  ImportResult result = import_patch(workspace, read(dir / "series.mbox"));
  REQUIRE(result.improvements.size() == 2);
  const Improvement& first = result.improvements[0];
  const Improvement& second = result.improvements[1];
  CHECK(first.title == "First change");
  CHECK(first.description.find("Why the first.") == 0);
  CHECK(first.author == "Ann <ann@example.com>");
  CHECK(second.title == "Second change");
  CHECK(second.author == "Bo <bo@example.com>");
  // The second is based on what the first leaves.
  std::string after_first = apply_edits(read(dir / "repo/a.txt"), first.changes.at(0).edits);
  CHECK(after_first == "ONE\ntwo\n");
  CHECK(result.base_contents.count(second.changes.at(0).base_hash) == 1);
  CHECK(apply_edits(after_first, second.changes.at(0).edits) == "ONE\nTWO\n");
  CHECK(second.changes.at(1).kind == ChangeKind::Create);
}
