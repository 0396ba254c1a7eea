#include <doctest/doctest.h>

#include "core/base/error.h"
#include "core/diff/patch_parser.h"
#include "test_support.h"

using namespace tars;

namespace {

std::string parse_error(const std::string& text) {
  return tars::test::error_message([&] { parse_patch(text, "fix.patch"); }, ErrorKind::BadInput);
}

}  // namespace

TEST_CASE("a multi-file git patch with new, deleted and renamed files") {
  const std::string text =
      "diff --git a/src/a.c b/src/a.c\n"
      "index 1111111..2222222 100644\n"
      "--- a/src/a.c\n"
      "+++ b/src/a.c\n"
      "@@ -1,3 +1,3 @@\n"
      " one\n"
      "-two\n"
      "+TWO\n"
      " three\n"
      "diff --git a/new.sh b/new.sh\n"
      "new file mode 100755\n"
      "index 0000000..3333333\n"
      "--- /dev/null\n"
      "+++ b/new.sh\n"
      "@@ -0,0 +1 @@\n"
      "+echo hi\n"
      "diff --git a/gone.txt b/gone.txt\n"
      "deleted file mode 100644\n"
      "--- a/gone.txt\n"
      "+++ /dev/null\n"
      "@@ -1 +0,0 @@\n"
      "-bye\n"
      "diff --git a/old name.txt b/new name.txt\n"
      "similarity index 100%\n"
      "rename from old name.txt\n"
      "rename to new name.txt\n";
  ParsedPatch patch = parse_patch(text, "fix.patch");
  REQUIRE(patch.files.size() == 4);
  CHECK(patch.files[0].old_path == "src/a.c");
  CHECK(patch.files[0].hunks[0].lines.size() == 4);
  CHECK(patch.files[0].hunks[0].lines[1].kind == '-');
  CHECK(patch.files[0].hunks[0].lines[1].text == "two\n");
  CHECK(patch.files[1].is_new);
  CHECK(patch.files[1].new_path == "new.sh");
  CHECK(patch.files[1].new_mode == kModeExecutable);
  CHECK(patch.files[2].is_delete);
  CHECK(patch.files[2].old_path == "gone.txt");
  CHECK(patch.files[3].is_rename);
  CHECK(patch.files[3].old_path == "old name.txt");
  CHECK(patch.files[3].new_path == "new name.txt");
  CHECK(patch.files[3].hunks.empty());
}

TEST_CASE("no newline at end of file, on either side, and CRLF lines") {
  const std::string text =
      "--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+B\r\n";
  ParsedPatch patch = parse_patch(text, "p");
  auto& lines = patch.files[0].hunks[0].lines;
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == "a\r\n");
  CHECK(lines[1].text == "b");
  CHECK(lines[2].text == "B\r\n");
  ParsedPatch added =
      parse_patch("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n", "p");
  CHECK(added.files[0].hunks[0].lines[1].text == "a");
}

TEST_CASE("quoted non-ASCII paths, mail subjects, and plain diffs with timestamps") {
  ParsedPatch quoted = parse_patch(
      "From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 2/3] Rename the caf\xc3\xa9\n\n---\n x | "
      "2 +-\n\n"
      "diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"\n--- \"a/caf\\303\\251.txt\"\n"
      "+++ \"b/caf\\303\\251.txt\"\n@@ -1 +1 @@\n-x\n+y\n-- \n2.39.5\n",
      "p");
  CHECK(quoted.subject == "Rename the caf\xc3\xa9");
  CHECK(quoted.files[0].new_path == "caf\xc3\xa9.txt");

  ParsedPatch plain = parse_patch(
      "diff -ruN old/src/m.c new/src/m.c\n--- old/src/m.c\t2024-01-01 10:00:00.000000000 +0100\n"
      "+++ new/src/m.c\t2024-01-02 10:00:00.000000000 +0100\n@@ -2 +2 @@\n-x\n+y\n",
      "p");
  CHECK(plain.files[0].old_path == "src/m.c");
  CHECK(plain.files[0].new_path == "src/m.c");
  ParsedPatch same_dir = parse_patch("--- src/m.c.orig\n+++ src/m.c\n@@ -1 +1 @@\n-x\n+y\n", "p");
  CHECK(same_dir.files[0].old_path == "src/m.c.orig");
  ParsedPatch empty_context = parse_patch("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n", "p");
  CHECK(empty_context.files[0].hunks[0].lines[1].text == "\n");
  CHECK(parse_patch("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", "p").files[0].hunks[0].old_count ==
        1);
}

TEST_CASE("hunk lines are views of the patch text") {
  const std::string text = "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n";
  ParsedPatch patch = parse_patch(text, "p");
  for (const HunkLine& line : patch.files[0].hunks[0].lines) {
    CHECK(line.text.data() >= text.data());
    CHECK(line.text.data() + line.text.size() <= text.data() + text.size());
  }
  CHECK(patch.files[0].hunks[0].lines[2].text.data() == text.data() + text.size() - 2);
}

TEST_CASE("binary patches are marked; malformed input names the line") {
  // "a\0bc" deflated and base85-encoded, as `git diff --binary` writes it.
  ParsedPatch binary = parse_patch(
      "diff --git a/x.png b/x.png\nindex 1..2 100644\nGIT binary patch\nliteral 4\n"
      "LcmYdfNJ<6(0<Qrl\n\nliteral 0\nHcmV?d00001\n\n",
      "p");
  CHECK(binary.files[0].is_binary);
  REQUIRE(binary.files[0].forward);
  CHECK(binary.files[0].forward->data == std::string("a\0bc", 4));
  CHECK_FALSE(binary.files[0].forward->delta);
  REQUIRE(binary.files[0].reverse);
  CHECK(binary.files[0].reverse->data.empty());
  ParsedPatch differ =
      parse_patch("diff --git a/y.bin b/y.bin\nBinary files a/y.bin and b/y.bin differ\n", "p");
  CHECK(differ.files[0].is_binary);

  CHECK(parse_error("hello\n") == "fix.patch: no file changes found");
  CHECK(parse_error("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n").find("fix.patch:") == 0);
  CHECK(parse_error("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n") ==
        "fix.patch:5: hunk at line 3 ends early: 1 old and 1 new lines missing");
  CHECK(parse_error("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b") ==
        "fix.patch:5: hunk at line 3 ends early: 1 old and 1 new lines missing");
  CHECK(parse_error("--- a/x\n+++ b/x\n@@ -1 +1 @@\n\\ No newline at end of file\n") ==
        "fix.patch:4: '\\ No newline at end of file' without a line before it");
  CHECK(parse_error("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n-b\n+c\n") ==
        "fix.patch:5: hunk starting at line 3 has more lines than its header counts");
  CHECK(parse_error("--- a/x\n--- b/x\n") == "fix.patch: no file changes found");
  CHECK(parse_error("diff --git a/x b/x\n--- a/x\n") ==
        "fix.patch:3: expected a '+++' line after '---'");
  CHECK(
      parse_error("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n*b\n").find("fix.patch:5: unexpected line") ==
      0);
  CHECK(parse_error("--- a/x\n+++ b/x\n@@ -x +1 @@\n").find("fix.patch:3: malformed hunk header") ==
        0);
  CHECK(parse_error("diff --git a/x b/x\nGIT binary patch\nliteral 3\nKcmV+b0\n\n") ==
        "fix.patch:4: malformed base85 line in the GIT binary patch at line 3");
  CHECK(parse_error("diff --git a/x b/x\nGIT binary patch\nliteral 5\nLcmYdfNJ<6(0<Qrl\n\n") ==
        "fix.patch:3: the GIT binary patch data does not inflate to the 5 bytes its header states");
  CHECK(parse_error("diff --git a/x b/x\nnew file mode 104755\n") ==
        "fix.patch:2: x: mode 104755 is not a file mode git records (100644, 100755, 120000 or "
        "160000)");
}

TEST_CASE("copies, modes, symlinks and submodules are read as git writes them") {
  ParsedPatch patch = parse_patch(
      "diff --git a/a b/b\nsimilarity index 90%\ncopy from a\ncopy to b\n"
      "diff --git a/s b/s\nold mode 100644\nnew mode 100755\n"
      "diff --git a/l b/l\nnew file mode 120000\nindex 0..1\n--- /dev/null\n+++ b/l\n"
      "@@ -0,0 +1 @@\n+target\n\\ No newline at end of file\n"
      "diff --git a/sub b/sub\nindex 1111111..2222222 160000\n--- a/sub\n+++ b/sub\n"
      "@@ -1 +1 @@\n-Subproject commit 1111111\n+Subproject commit 2222222\n",
      "p");
  REQUIRE(patch.files.size() == 4);
  CHECK(patch.files[0].is_copy);
  CHECK(patch.files[0].old_path == "a");
  CHECK(patch.files[0].new_path == "b");
  CHECK(patch.files[1].old_mode == kModeFile);
  CHECK(patch.files[1].new_mode == kModeExecutable);
  CHECK(patch.files[2].new_mode == kModeSymlink);
  CHECK(patch.files[2].hunks[0].lines[0].text == "target");
  CHECK(patch.files[3].old_mode == kModeGitlink);
  CHECK(patch.files[3].new_mode == kModeGitlink);
}

TEST_CASE("-p strips leading components; diff -ruN's epoch dates mark absent files") {
  ParsedPatch stripped = parse_patch(
      "diff --git x/src/a.c y/src/a.c\n--- x/src/a.c\n+++ y/src/a.c\n@@ -1 +1 @@\n-a\n+b\n", "p",
      1);
  CHECK(stripped.files[0].old_path == "src/a.c");
  CHECK(stripped.files[0].new_path == "src/a.c");
  ParsedPatch zero = parse_patch("--- a.c\n+++ a.c\n@@ -1 +1 @@\n-a\n+b\n", "p", 0);
  CHECK(zero.files[0].old_path == "a.c");
  ParsedPatch no_prefix =
      parse_patch("diff --git src/a.c src/a.c\nold mode 100644\nnew mode 100755\n", "p", 0);
  CHECK(no_prefix.files[0].old_path == "src/a.c");
  CHECK(tars::test::error_message(
            [] { parse_patch("--- a.c\n+++ a.c\n@@ -1 +1 @@\n-a\n+b\n", "fix.patch", 2); },
            ErrorKind::BadInput) == "fix.patch:1: -p 2 strips more than the whole path 'a.c'");

  ParsedPatch diff_n = parse_patch(
      "--- old/gone.txt\t2024-05-01 10:00:00.000000000 +0200\n"
      "+++ new/gone.txt\t1970-01-01 01:00:00.000000000 +0100\n@@ -1 +0,0 @@\n-bye\n"
      "--- old/made.txt\t1969-12-31 19:00:00.000000000 -0500\n"
      "+++ new/made.txt\t2024-05-01 10:00:00.000000000 +0200\n@@ -0,0 +1 @@\n+hi\n",
      "p");
  CHECK(diff_n.files[0].is_delete);
  CHECK(diff_n.files[0].old_path == "gone.txt");
  CHECK(diff_n.files[1].is_new);
  CHECK(diff_n.files[1].new_path == "made.txt");
}

TEST_CASE("a '---' or '+++' line without a file name is malformed") {
  // Found by fuzz/targets/patch.cpp: the empty name went on to the workspace as a path.
  CHECK(parse_error("--- \n+++ ") == "fix.patch:1: '--- ' without a file name");
  CHECK(parse_error("--- a/x\n+++ \t2024-01-01\n@@ -1 +1 @@\n-a\n+b\n") ==
        "fix.patch:2: '+++ ' without a file name");
}
