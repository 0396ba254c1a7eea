#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/importers/formats.h"
#include "core/importers/importer.h"
#include "core/importers/transaction_units.h"
#include "test_support.h"

using namespace tars;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

namespace {

// path -> group (the transaction's name) of an improvement's changes.
std::map<std::string, std::string> groups(const Improvement& improvement) {
  std::map<std::string, std::string> out;
  for (const FileChange& change : improvement.changes) out[change.path] = change.group;
  return out;
}

std::size_t transaction_count(const Improvement& improvement) {
  std::set<std::string> names;
  for (const FileChange& change : improvement.changes) names.insert(change.group);
  return names.size();
}

std::string replacement(const std::string& path, std::size_t offset, const std::string& text) {
  return "        - FilePath:        '" + path +
         "'\n          Offset:          " + std::to_string(offset) +
         "\n          Length:          1\n          ReplacementText: " + text + "\n";
}

// A diagnostic of `check` whose fix holds `replacements`.
std::string diagnostic(const std::string& check, const std::string& path,
                       const std::string& replacements, const std::string& build) {
  return "  - DiagnosticName:  " + check +
         "\n    DiagnosticMessage:\n      Message:         'fix " + check +
         "'\n      FilePath:        '" + path +
         "'\n      FileOffset:      0\n      Replacements:\n" + replacements +
         "    Level:           Warning\n    BuildDirectory:  '" + build + "'\n";
}

ImportResult import_yaml(const Workspace& workspace, const std::string& diagnostics,
                         const std::string& group_by) {
  std::string yaml = "---\nMainSourceFile:  'a.cpp'\nDiagnostics:\n" + diagnostics + "...\n";
  return clang_tidy_importer().import({yaml, "fixes.yaml", group_by}, workspace);
}

std::string sarif_change(const std::string& uri, const std::string& text) {
  return R"({"artifactLocation": {"uri": ")" + uri +
         R"("}, "replacements": [{"deletedRegion": {"startLine": 1, "startColumn": 1, "endColumn": 2},
           "insertedContent": {"text": ")" +
         text + R"("}}]})";
}

std::string sarif_result(const std::string& rule, const std::string& changes) {
  return R"({"ruleId": ")" + rule +
         R"(", "message": {"text": "fix"}, "fixes": [{"artifactChanges": [)" + changes + "]}]}";
}

ImportResult import_sarif(const Workspace& workspace, const std::string& results,
                          const std::string& group_by) {
  std::string log = R"({"version": "2.1.0", "runs": [{"results": [)" + results + "]}]}";
  return sarif_importer().import({log, "scan.sarif", group_by}, workspace);
}

int run(const std::string& command) {
  return std::system(command.c_str());
}

}  // namespace

TEST_CASE("units sharing a file merge; names join the units in order, bounded and distinct") {
  TransactionUnits units;
  units.touch("check-a", "a.c");
  units.touch("check-b", "b.c");
  units.touch("check-c", "c.c");
  units.touch("check-c", "a.c");  // c shares a.c with a: one transaction
  CHECK(units.name("a.c") == "check-a + check-c");
  CHECK(units.name("c.c") == "check-a + check-c");
  CHECK(units.name("b.c") == "check-b");
  CHECK(units.name("d.c").empty());

  TransactionUnits many;
  for (int i = 0; i < 40; ++i) many.touch("some-rather-long-check-name-" + std::to_string(i), "x");
  std::string name = many.name("x");
  CHECK(name.size() <= kTransactionNameLimit);
  CHECK(name.starts_with("some-rather-long-check-name-0 + some-rather-long-check-name-1"));
  CHECK(name.ends_with(" more"));

  // Two long subjects alike in their first 120 bytes are still two transactions.
  TransactionUnits alike;
  std::string prefix(200, 'x');
  alike.touch(prefix + "1", "one");
  alike.touch(prefix + "2", "two");
  CHECK(alike.name("one") != alike.name("two"));
  CHECK(alike.name("one").size() <= kTransactionNameLimit);
  CHECK(shorten("h\xC3\xA9llo", 5) == "h...");  // never cuts a character in two
}

TEST_CASE("clang-tidy: a check is a transaction; checks sharing a file merge") {
  TempDir dir;
  write(dir / "a.cpp", "0 0\n");
  write(dir / "b.cpp", "0\n");
  write(dir / "c.cpp", "0\n");
  write(dir / "d.cpp", "0\n");
  Workspace workspace(dir.path());
  const std::string root = dir.path().string();

  SUBCASE("grouped by file, two checks share a.cpp: one transaction") {
    ImportResult result = import_yaml(
        workspace,
        diagnostic("modernize-use-nullptr", "a.cpp", replacement("a.cpp", 0, "nullptr"), root) +
            diagnostic("readability-x", "a.cpp", replacement("a.cpp", 2, "NULL"), root),
        "file");
    REQUIRE(result.improvements.size() == 1);
    CHECK(groups(result.improvements[0]) ==
          std::map<std::string, std::string>{{"a.cpp", "modernize-use-nullptr + readability-x"}});
  }
  SUBCASE("grouped together, checks on disjoint files: one transaction each") {
    ImportResult result = import_yaml(
        workspace,
        diagnostic("modernize-use-nullptr", "a.cpp",
                   replacement("a.cpp", 0, "nullptr") + replacement("b.cpp", 0, "nullptr"), root) +
            diagnostic("readability-x", "c.cpp",
                       replacement("c.cpp", 0, "X") + replacement("d.cpp", 0, "X"), root),
        "all");
    REQUIRE(result.improvements.size() == 1);
    CHECK(transaction_count(result.improvements[0]) == 2);
    CHECK(groups(result.improvements[0]) ==
          std::map<std::string, std::string>{{"a.cpp", "modernize-use-nullptr"},
                                             {"b.cpp", "modernize-use-nullptr"},
                                             {"c.cpp", "readability-x"},
                                             {"d.cpp", "readability-x"}});
  }
  SUBCASE("the default grouping: each improvement is one check, one transaction") {
    ImportResult result = import_yaml(
        workspace,
        diagnostic("modernize-use-nullptr", "a.cpp",
                   replacement("a.cpp", 0, "nullptr") + replacement("b.cpp", 0, "nullptr"), root),
        "");
    REQUIRE(result.improvements.size() == 1);
    CHECK(transaction_count(result.improvements[0]) == 1);
  }
}

TEST_CASE("SARIF: a result is a transaction, even when its fix spans files") {
  TempDir dir;
  write(dir / "a.py", "x\n");
  write(dir / "b.py", "x\n");
  write(dir / "c.py", "x\n");
  Workspace workspace(dir.path());
  ImportResult result = import_sarif(
      workspace,
      sarif_result("rename", sarif_change("a.py", "y") + ", " + sarif_change("b.py", "y")) + ", " +
          sarif_result("unused", sarif_change("c.py", "z")),
      "all");
  REQUIRE(result.improvements.size() == 1);
  CHECK(groups(result.improvements[0]) ==
        std::map<std::string, std::string>{{"a.py", "SARIF result 1 (rename)"},
                                           {"b.py", "SARIF result 1 (rename)"},
                                           {"c.py", "SARIF result 2 (unused)"}});
}

TEST_CASE("LSP: one WorkspaceEdit is one transaction") {
  TempDir dir;
  write(dir / "a.py", "x\n");
  write(dir / "b.py", "x\n");
  Workspace workspace(dir.path());
  std::string edit =
      R"({"label": "Rename x", "edit": {"changes": {
    "file://)" +
      (dir / "a.py").string() +
      R"(": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "newText": "y"}],
    "file://)" +
      (dir / "b.py").string() +
      R"(": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "newText": "y"}]}}})";
  ImportResult result = lsp_edit_importer().import({edit, "edit.json", ""}, workspace);
  REQUIRE(result.improvements.size() == 1);
  CHECK(groups(result.improvements[0]) ==
        std::map<std::string, std::string>{{"a.py", "Rename x"}, {"b.py", "Rename x"}});
}

TEST_CASE("patches: a file section is a transaction; --series-as-one makes a commit one") {
  TempDir dir;
  write(dir / "repo/a.txt", "one\n");
  write(dir / "repo/b.txt", "bee\n");
  write(dir / "repo/old.txt", "old\n");
  std::string git =
      "cd " + (dir / "repo").string() + " && git -c user.name=Ann -c user.email=ann@example.com ";
  run(git + "init -q && git add -A && " + git + "commit -qm base");
  write(dir / "repo/a.txt", "ONE\n");
  run(git + "commit -qam 'Shout a'");
  write(dir / "repo/b.txt", "BEE\n");
  run(git + "mv old.txt new.txt && " + git + "commit -qam 'Shout b, rename old'");
  write(dir / "repo/a.txt", "ONE!\n");
  write(dir / "repo/c.txt", "sea\n");
  run(git + "add -A && " + git + "commit -qm 'Exclaim a, add c'");
  run(git + "format-patch -M -q --stdout HEAD~3..HEAD > ../series.mbox && " + git +
      "diff -M HEAD~3 HEAD~1 > ../plain.diff && git reset -q --hard HEAD~3");
  Workspace workspace(dir / "repo");

  ImportResult plain =
      patch_importer().import({read(dir / "plain.diff"), "plain.diff", ""}, workspace);
  REQUIRE(plain.improvements.size() == 1);
  CHECK(groups(plain.improvements[0]) ==
        std::map<std::string, std::string>{
            {"a.txt", "a.txt"}, {"b.txt", "b.txt"}, {"old.txt", "old.txt -> new.txt"}});

  ImportRequest request{read(dir / "series.mbox"), "series.mbox", ""};
  CHECK(patch_importer().import(request, workspace).improvements.size() == 3);
  request.series_as_one = true;
  ImportResult one = patch_importer().import(request, workspace);
  REQUIRE(one.improvements.size() == 1);
  const Improvement& series = one.improvements[0];
  CHECK(series.title == "Shout a (and 2 more commits)");
  CHECK(series.author == "Ann <ann@example.com>");
  // Commits 1 and 3 both touch a.txt: they stand or fall together; commit 2 alone.
  std::string first_third = "commit 1/3: Shout a + commit 3/3: Exclaim a, add c";
  CHECK(groups(series) ==
        std::map<std::string, std::string>{{"a.txt", first_third},
                                           {"b.txt", "commit 2/3: Shout b, rename old"},
                                           {"c.txt", first_third},
                                           {"old.txt", "commit 2/3: Shout b, rename old"}});
  // a.txt is one change from the workspace to what the last commit leaves.
  for (const FileChange& change : series.changes)
    if (change.path == "a.txt")
      CHECK(apply_edits(read(dir / "repo/a.txt"), change.edits) == "ONE!\n");
}
