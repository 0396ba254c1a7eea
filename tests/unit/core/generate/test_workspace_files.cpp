#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>

#include "core/generate/gitignore.h"
#include "core/generate/workspace_files.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;
using tars::test::write;

namespace {

using Files = std::vector<std::string>;

// A tree with ignore rules at two levels, a re-included file and reserved directories.
void make_tree(const TempDir& dir) {
  write(dir / ".gitignore", "*.log\nbuild/\n/only-root.txt\n!keep.log\n");
  write(dir / "src/main.cpp", "int main() {}\n");
  write(dir / "src/debug.log", "x\n");
  write(dir / "src/.gitignore", "generated.*\n");
  write(dir / "src/generated.cpp", "x\n");
  write(dir / "src/only-root.txt", "kept: the pattern is anchored to the root\n");
  write(dir / "only-root.txt", "x\n");
  write(dir / "keep.log", "x\n");
  write(dir / "build/out.o", "x\n");
  write(dir / "docs/build/index.txt", "x\n");  // build/ matches at any depth
  write(dir / ".tars/config.json", "{}\n");
  write(dir / ".git-like/file.txt", "not reserved\n");
}

const Files kExpected = {".git-like/file.txt", ".gitignore",   "keep.log",
                         "src/.gitignore",     "src/main.cpp", "src/only-root.txt"};

}  // namespace

TEST_CASE("outside git, .gitignore files are honoured and .tars/ is never listed") {
  TempDir dir;
  make_tree(dir);
  CHECK(list_workspace_files(Workspace(dir.path())) == kExpected);
}

TEST_CASE("in a git repository, git decides: tracked files, untracked ones not ignored") {
  TempDir dir;
  make_tree(dir);
  REQUIRE(std::system(("cd " + dir.path().string() + " && git init -q").c_str()) == 0);
  CHECK(list_workspace_files(Workspace(dir.path())) == kExpected);
  // A tracked file stays listed even when an ignore rule matches it, as in git.
  write(dir / "tracked.log", "x\n");
  REQUIRE(std::system(("cd " + dir.path().string() + " && git add -f tracked.log").c_str()) == 0);
  Files files = list_workspace_files(Workspace(dir.path()));
  CHECK(std::find(files.begin(), files.end(), "tracked.log") != files.end());
}

TEST_CASE("symlinks are not followed") {
  TempDir dir;
  write(dir / "real.txt", "x\n");
  fs::create_symlink("real.txt", dir / "link.txt");
  fs::create_directories(dir / "sub");
  fs::create_directory_symlink("..", dir / "sub/up");
  CHECK(list_workspace_files(Workspace(dir.path())) == Files{"real.txt"});
}

TEST_CASE("a .gitignore that is a symlink or a FIFO gives no rules and never blocks") {
  TempDir dir, outside;
  write(outside / "ignore-all", "*\n");
  write(dir / "a.txt", "x\n");
  write(dir / "sub/b.txt", "x\n");
  fs::create_symlink(outside / "ignore-all", dir / ".gitignore");
  REQUIRE(::mkfifo((dir / "sub/.gitignore").c_str(), 0644) == 0);
  CHECK(list_workspace_files(Workspace(dir.path())) == Files{"a.txt", "sub/b.txt"});
}

TEST_CASE("git lists the files with the repository's fsmonitor and hooks off") {
  TempDir dir;
  write(dir / "a.txt", "x\n");
  std::string marker = (dir / "ran").string();
  write(dir / "tripwire.sh", "#!/bin/sh\ntouch " + marker + "\n");
  fs::permissions(dir / "tripwire.sh", fs::perms(0755));
  std::string repo = "cd " + dir.path().string() + " && ";
  REQUIRE(std::system((repo + "git init -q && git config core.fsmonitor " +
                       (dir / "tripwire.sh").string() +
                       " && cp tripwire.sh .git/hooks/post-index-change")
                          .c_str()) == 0);
  Files files = list_workspace_files(Workspace(dir.path()));
  CHECK(std::find(files.begin(), files.end(), "a.txt") != files.end());
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("binary content: a NUL in the first 8 KiB, or invalid UTF-8") {
  CHECK_FALSE(is_binary_content(""));
  CHECK_FALSE(is_binary_content("caf\xc3\xa9\r\n"));
  CHECK(is_binary_content(std::string("a\0b", 3)));
  CHECK(is_binary_content("caf\xe9\n"));  // Latin-1
  std::string late_nul(9000, 'a');
  late_nul += '\0';
  CHECK_FALSE(is_binary_content(late_nul));  // as git: only the first 8 KiB are looked at
}

TEST_CASE("glob_match follows git's wildmatch") {
  CHECK(glob_match("*.log", "a.log"));
  CHECK_FALSE(glob_match("*.log", "dir/a.log"));
  CHECK(glob_match("**/a.log", "a.log"));
  CHECK(glob_match("**/a.log", "x/y/a.log"));
  CHECK(glob_match("doc/**", "doc/x/y"));
  CHECK(glob_match("a/**/b", "a/b"));
  CHECK(glob_match("a/**/b", "a/x/y/b"));
  CHECK(glob_match("file?.[ch]", "file1.c"));
  CHECK_FALSE(glob_match("file?.[ch]", "file1.o"));
  CHECK(glob_match("\\*literal", "*literal"));
  CHECK_FALSE(glob_match("\\*literal", "xliteral"));
  CHECK_FALSE(glob_match("a?b", "a/b"));
}

TEST_CASE("IgnoreRules: last match wins, directory-only patterns, comments") {
  IgnoreRules rules;
  rules.add("", "# comment\n\n*.tmp\n!important.tmp\nout/\n\\#hash\n");
  CHECK(rules.ignored("x.tmp", false));
  CHECK(rules.ignored("deep/x.tmp", false));
  CHECK_FALSE(rules.ignored("important.tmp", false));
  CHECK(rules.ignored("out", true));
  CHECK_FALSE(rules.ignored("out", false));
  CHECK(rules.ignored("#hash", false));
  rules.add("sub", "/local.txt\n");
  CHECK(rules.ignored("sub/local.txt", false));
  CHECK_FALSE(rules.ignored("sub/deeper/local.txt", false));
  CHECK_FALSE(rules.ignored("local.txt", false));
}
