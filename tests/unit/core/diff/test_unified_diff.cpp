#include <doctest/doctest.h>

#include "core/diff/unified_diff.h"
#include "test_support.h"

using namespace tars;
namespace fs = std::filesystem;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

namespace {

int run(const fs::path& dir, const std::string& command) {
  return std::system(("cd '" + dir.string() + "' && " + command + " >/dev/null 2>&1").c_str());
}

// Checks the diff with the real git: it applies to `before`, yields `after`, and
// `git apply -R` brings `before` back.
void check_with_git(const DiffSide& before, const DiffSide& after) {
  TempDir dir;
  if (before.exists) {
    write(dir / before.path, before.content);
    fs::permissions(dir / before.path, fs::perms(before.mode));
  }
  std::string diff = unified_diff(before, after);
  REQUIRE_FALSE(diff.empty());
  write(dir / "change.diff", diff);
  CAPTURE(diff);
  REQUIRE(run(dir.path(), "git init -q . && git apply change.diff") == 0);
  if (after.exists) {
    CHECK(read(dir / after.path) == after.content);
  } else {
    CHECK_FALSE(fs::exists(dir / after.path));
  }
  if (before.path != after.path || !before.exists)
    CHECK(!(before.exists && fs::exists(dir / before.path)));
  REQUIRE(run(dir.path(), "git apply -R change.diff") == 0);
  if (before.exists) CHECK(read(dir / before.path) == before.content);
}

std::string numbered(int from, int to) {
  std::string text;
  for (int i = from; i <= to; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE(
    "modify, several hunks, no trailing newline, CRLF and non-ASCII are accepted by git apply") {
  check_with_git({"a.txt", "one\ntwo\nthree\n"}, {"a.txt", "one\nTWO\nthree\n"});
  check_with_git({"b.txt", numbered(1, 40)},
                 {"b.txt", "start\n" + numbered(1, 19) + "middle\n" + numbered(21, 40) + "end"});
  check_with_git({"c.txt", "x\ny"}, {"c.txt", "x\nz"});
  check_with_git({"d.txt", "x\ny"}, {"d.txt", "x\ny\n"});
  check_with_git({"e.txt", "a\r\nb\r\n"}, {"e.txt", "a\r\nB\r\n"});
  check_with_git({"caf\xc3\xa9 file.txt", "\xe2\x9c\x93\n"},
                 {"caf\xc3\xa9 file.txt", "\xe2\x9c\x97\n"});
  check_with_git({"dir with space/f.txt", "a\n"}, {"dir with space/f.txt", "b\n"});
}

TEST_CASE("create, delete, rename and mode changes are accepted by git apply") {
  check_with_git({"new/file.txt", "", false}, {"new/file.txt", "hello\n"});
  check_with_git({"empty.txt", "", false}, {"empty.txt", ""});
  check_with_git({"gone.txt", "bye\n"}, {"gone.txt", "", false});
  check_with_git({"old.txt", "a\nb\nc\n"}, {"moved/new.txt", "a\nb\nc\n"});
  check_with_git({"old.txt", "a\nb\nc\nd\n"}, {"new.txt", "a\nB\nc\nd\n"});
  check_with_git({"run.sh", "echo\n", true, 0644}, {"run.sh", "echo\n", true, 0755});
}

TEST_CASE("hunks match git diff's for a simple change, and are numbered right in a large file") {
  std::string diff = unified_diff({"a.txt", "one\ntwo\nthree\n"}, {"a.txt", "one\nTWO\nthree\n"});
  CHECK(diff ==
        "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n "
        "three\n");
  std::string big = numbered(1, 10000);
  std::string changed = big;
  changed.replace(changed.find("line 5000\n"), 10, "line five thousand\n");
  std::string large = unified_diff({"big.txt", big}, {"big.txt", changed});
  CHECK(large.find("@@ -4997,7 +4997,7 @@\n") != std::string::npos);
  CHECK(unified_diff({"same.txt", "x\n"}, {"same.txt", "x\n"}).empty());
}
