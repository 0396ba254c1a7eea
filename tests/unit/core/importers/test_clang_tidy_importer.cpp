#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "core/base/error.h"
#include "core/base/hash.h"
#include "core/importers/formats.h"
#include "core/importers/importer.h"
#include "test_support.h"

using namespace tars;
using tars::test::read;
using tars::test::TempDir;
using tars::test::write;

namespace {

ImportResult import_yaml(const Workspace& workspace, const std::string& yaml,
                         const std::string& group_by = "") {
  return clang_tidy_importer().import({yaml, "fixes.yaml", group_by}, workspace);
}

std::string import_error(const Workspace& workspace, const std::string& yaml) {
  return tars::test::error_message([&] { import_yaml(workspace, yaml); }, ErrorKind::BadInput);
}

// Applies the edits of all improvements to the files they were computed against (they
// never overlap), as executing them one after the other does.
void apply_all(const TempDir& dir, const ImportResult& result) {
  std::map<std::string, std::vector<TextEdit>> edits;
  for (const Improvement& improvement : result.improvements)
    for (const FileChange& change : improvement.changes)
      edits[change.path].insert(edits[change.path].end(), change.edits.begin(), change.edits.end());
  for (auto& [path, file_edits] : edits) {
    std::stable_sort(file_edits.begin(), file_edits.end(),
                     [](const TextEdit& a, const TextEdit& b) {
                       return std::tie(a.offset, a.old_text) < std::tie(b.offset, b.old_text);
                     });
    write(dir / path, apply_edits(read(dir / path), file_edits));
  }
}

std::string replacement(const std::string& path, std::size_t offset, std::size_t length,
                        const std::string& text) {
  return "        - FilePath:        '" + path +
         "'\n          Offset:          " + std::to_string(offset) +
         "\n          Length:          " + std::to_string(length) +
         "\n          ReplacementText: " + text + "\n";
}

std::string diagnostic(const std::string& check, const std::string& path, std::size_t offset,
                       const std::string& replacements, const std::string& build = "") {
  return "  - DiagnosticName:  " + check +
         "\n    DiagnosticMessage:\n      Message:         'fix " + check +
         "'\n      FilePath:        '" + path +
         "'\n      FileOffset:      " + std::to_string(offset) + "\n      Replacements:\n" +
         replacements + "    Level:           Warning\n    BuildDirectory:  '" + build + "'\n";
}

std::string document(const std::string& diagnostics) {
  return "---\nMainSourceFile:  'a.cpp'\nDiagnostics:\n" + diagnostics + "...\n";
}

}  // namespace

TEST_CASE("byte offsets are taken as clang-tidy writes them: UTF-8, CRLF, BOM, end of file") {
  TempDir dir;
  // "é" and "€" are 2 and 3 bytes: offsets count bytes, not characters.
  const std::string utf8 = "// caf\xc3\xa9 \xe2\x82\xac\nint *p = 0;\n";
  const std::string crlf = "int *a = 0;\r\nint *b = 0;\r\n";
  const std::string bom = "\xEF\xBB\xBFint *c = 0;\ndead();\nkeep();";
  write(dir / "u.cpp", utf8);
  write(dir / "c.cpp", crlf);
  write(dir / "b.cpp", bom);
  Workspace workspace(dir.path());
  const std::string root = dir.path().string();
  std::string yaml = document(
      diagnostic("modernize-use-nullptr", root + "/u.cpp", 22,
                 replacement(root + "/u.cpp", 22, 1, "nullptr")) +
      diagnostic("modernize-use-nullptr", root + "/c.cpp", 9,
                 replacement(root + "/c.cpp", 9, 1, "nullptr") +
                     replacement(root + "/c.cpp", 22, 1, "nullptr")) +
      diagnostic("modernize-use-nullptr", "b.cpp", 12, replacement("b.cpp", 12, 1, "nullptr"),
                 root) +
      // whole-line deletion and an insertion at the end of a file without a final newline
      diagnostic("misc-cleanup", "b.cpp", 16,
                 replacement("b.cpp", 15, 8, "''") + replacement("b.cpp", 30, 0, "\"\\n\""), root));

  ImportResult result = import_yaml(workspace, yaml);
  REQUIRE(result.improvements.size() == 2);  // one per check
  const Improvement& nullptr_fix = result.improvements[0];
  CHECK(nullptr_fix.title == "modernize-use-nullptr: 3 fixes");
  CHECK(nullptr_fix.source == "clang-tidy");
  CHECK(nullptr_fix.category == "modernize-use-nullptr");
  REQUIRE(nullptr_fix.changes.size() == 3);
  CHECK(nullptr_fix.diagnostics.size() == 3);
  const Diagnostic& on_utf8 = nullptr_fix.diagnostics[0];
  CHECK(on_utf8.path == "u.cpp");
  CHECK(on_utf8.line == 2);
  CHECK(on_utf8.column == 10);
  CHECK(on_utf8.code == "modernize-use-nullptr");
  CHECK(on_utf8.severity == "warning");
  CHECK(on_utf8.source == "clang-tidy");
  for (const FileChange& change : nullptr_fix.changes) {
    CHECK(change.base_hash == content_hash(read(dir / change.path)));
    CHECK(result.base_contents.count(change.base_hash) == 1);
  }
  CHECK(result.improvements[1].title == "misc-cleanup: fix misc-cleanup");

  apply_all(dir, result);
  CHECK(read(dir / "u.cpp") == "// caf\xc3\xa9 \xe2\x82\xac\nint *p = nullptr;\n");
  CHECK(read(dir / "c.cpp") == "int *a = nullptr;\r\nint *b = nullptr;\r\n");
  CHECK(read(dir / "b.cpp") == "\xEF\xBB\xBFint *c = nullptr;\nkeep();\n");
}

TEST_CASE("a header fix reached from two translation units and by two names is applied once") {
  TempDir dir;
  write(dir / "src/shared.h", "int *h = 0;\n");
  fs::create_directory_symlink(dir / "src", dir / "alias");
  Workspace workspace(dir.path());
  const std::string root = dir.path().string();
  std::string header_fix = replacement(root + "/src/shared.h", 9, 1, "nullptr");
  std::string yaml =
      document(diagnostic("modernize-use-nullptr", root + "/src/shared.h", 9, header_fix)) +
      document(diagnostic("modernize-use-nullptr", "../alias/shared.h", 9,
                          replacement("../alias/shared.h", 9, 1, "nullptr"), root + "/build"));
  ImportResult result = import_yaml(workspace, yaml);
  REQUIRE(result.improvements.size() == 1);
  REQUIRE(result.improvements[0].changes.size() == 1);
  CHECK(result.improvements[0].changes[0].path == "src/shared.h");
  CHECK(result.improvements[0].changes[0].edits.size() == 1);
  CHECK(result.improvements[0].diagnostics.size() == 1);
  apply_all(dir, result);
  CHECK(read(dir / "src/shared.h") == "int *h = nullptr;\n");
}

TEST_CASE("overlapping or conflicting replacements are refused naming both") {
  TempDir dir;
  write(dir / "a.cpp", "int *p = 0;\n");
  Workspace workspace(dir.path());
  std::string overlap = document(
      diagnostic("check-a", "a.cpp", 0, replacement("a.cpp", 4, 5, "x"), dir.path().string()) +
      diagnostic("check-b", "a.cpp", 0, replacement("a.cpp", 8, 2, "y"), dir.path().string()));
  std::string message = import_error(workspace, overlap);
  CHECK(message.find("fixes.yaml:22:11: the replacement of bytes 8-10 of a.cpp conflicts with "
                     "the one at fixes.yaml:10:11 (bytes 4-9 of a.cpp)") != std::string::npos);

  std::string two_insertions = document(
      diagnostic("check-a", "a.cpp", 0, replacement("a.cpp", 4, 0, "x"), dir.path().string()) +
      diagnostic("check-b", "a.cpp", 0, replacement("a.cpp", 4, 0, "y"), dir.path().string()));
  CHECK(import_error(workspace, two_insertions).find("conflicts with") != std::string::npos);

  // An insertion at the start or end of a replaced range is not a conflict.
  std::string touching =
      document(diagnostic("check-a", "a.cpp", 0,
                          replacement("a.cpp", 4, 0, "(") + replacement("a.cpp", 4, 2, "q") +
                              replacement("a.cpp", 6, 0, ")"),
                          dir.path().string()));
  ImportResult result = import_yaml(workspace, touching);
  apply_all(dir, result);
  CHECK(read(dir / "a.cpp") == "int (q) = 0;\n");
}

TEST_CASE("replacements outside the workspace are dropped with a warning") {
  TempDir dir, outside;
  write(dir / "a.cpp", "int *p = 0;\n");
  write(outside / "sys.h", "int *s = 0;\n");
  Workspace workspace(dir.path());
  std::string yaml =
      document(diagnostic("modernize-use-nullptr", (outside / "sys.h").string(), 9,
                          replacement((outside / "sys.h").string(), 9, 1, "nullptr")) +
               diagnostic("modernize-use-nullptr", (dir / "a.cpp").string(), 9,
                          replacement((dir / "a.cpp").string(), 9, 1, "nullptr")) +
               diagnostic("modernize-use-nullptr", ".git/x", 0, replacement(".git/x", 0, 0, "x"),
                          dir.path().string()));
  ImportResult result = import_yaml(workspace, yaml);
  REQUIRE(result.warnings.size() == 2);
  CHECK(result.warnings[0].find("sys.h is not a workspace file") != std::string::npos);
  CHECK(result.warnings[0].starts_with("fixes.yaml:10:11: "));
  REQUIRE(result.improvements.size() == 1);
  REQUIRE(result.improvements[0].changes.size() == 1);
  CHECK(result.improvements[0].changes[0].path == "a.cpp");
  CHECK(read(outside / "sys.h") == "int *s = 0;\n");
}

TEST_CASE("--group-by file, diagnostic and all") {
  TempDir dir;
  write(dir / "a.cpp", "int *a = 0; int *b = 0;\n");
  write(dir / "b.cpp", "int *c = 0;\n");
  Workspace workspace(dir.path());
  const std::string root = dir.path().string();
  std::string yaml = document(
      diagnostic("modernize-use-nullptr", "a.cpp", 9, replacement("a.cpp", 9, 1, "nullptr"), root) +
      diagnostic("readability-x", "a.cpp", 21, replacement("a.cpp", 21, 1, "NULL"), root) +
      diagnostic("modernize-use-nullptr", "b.cpp", 9, replacement("b.cpp", 9, 1, "nullptr"), root));
  CHECK(import_yaml(workspace, yaml).improvements.size() == 2);
  ImportResult by_file = import_yaml(workspace, yaml, "file");
  REQUIRE(by_file.improvements.size() == 2);
  CHECK(by_file.improvements[0].title == "clang-tidy fixes in a.cpp (2 fixes)");
  CHECK(by_file.improvements[0].diagnostics.size() == 2);
  CHECK(import_yaml(workspace, yaml, "diagnostic").improvements.size() == 3);
  ImportResult all = import_yaml(workspace, yaml, "all");
  REQUIRE(all.improvements.size() == 1);
  CHECK(all.improvements[0].title == "clang-tidy fixes from fixes.yaml (3 fixes)");
  CHECK(all.improvements[0].changes.size() == 2);
  tars::test::error_message([&] { import_yaml(workspace, yaml, "rule"); }, ErrorKind::Usage);
}

TEST_CASE("fixes come from the first note that has some when the message has none") {
  TempDir dir;
  write(dir / "a.cpp", "if (x = 1) {}\n");
  Workspace workspace(dir.path());
  std::string yaml =
      "Diagnostics:\n"
      "  - DiagnosticName: bugprone-assignment-in-if-condition\n"
      "    DiagnosticMessage:\n"
      "      Message: assignment in condition\n"
      "      FilePath: a.cpp\n"
      "      FileOffset: 6\n"
      "      Replacements: []\n"
      "    Notes:\n"
      "      - Message: no fix here\n"
      "        Replacements: []\n"
      "      - Message: use ==\n"
      "        Replacements:\n"
      "          - { FilePath: a.cpp, Offset: 6, Length: 1, ReplacementText: '==' }\n"
      "      - Message: or parenthesise\n"
      "        Replacements:\n"
      "          - { FilePath: a.cpp, Offset: 4, Length: 0, ReplacementText: '(' }\n"
      "    BuildDirectory: " +
      dir.path().string() + "\n";
  ImportResult result = import_yaml(workspace, yaml);
  apply_all(dir, result);
  CHECK(read(dir / "a.cpp") == "if (x == 1) {}\n");
  CHECK(result.improvements[0].diagnostics[0].column == 7);
}

TEST_CASE("the older top-level Replacements form") {
  TempDir dir;
  write(dir / "a.cpp", "int *p = 0;\n");
  write(dir / "b.h", "int *q = 0;\n");
  Workspace workspace(dir.path());
  std::string yaml = "---\nMainSourceFile: a.cpp\nReplacements:\n" +
                     replacement("a.cpp", 9, 1, "nullptr") + replacement("b.h", 9, 1, "nullptr") +
                     "...\n";
  ImportResult result = import_yaml(workspace, yaml);
  REQUIRE(result.improvements.size() == 1);
  CHECK(result.improvements[0].changes.size() == 2);
  CHECK(result.improvements[0].diagnostics.empty());
  apply_all(dir, result);
  CHECK(read(dir / "b.h") == "int *q = nullptr;\n");
}

TEST_CASE("malformed input is refused naming the position") {
  TempDir dir;
  write(dir / "a.cpp", "int *p = 0;\n");
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, "Diagnostics:\n  - DiagnosticName: [x\n")
            .starts_with("fixes.yaml:3:1: not valid YAML: "));
  CHECK(import_error(workspace,
                     "Diagnostics:\n  - DiagnosticMessage:\n      Replacements:\n"
                     "        - FilePath: a.cpp\n          Offset: -1\n")
            .starts_with("fixes.yaml:5:19: 'Offset' must be a non-negative integer"));
  CHECK(import_error(workspace,
                     "Diagnostics:\n  - DiagnosticMessage:\n      Replacements:\n"
                     "        - Offset: 1\n")
            .starts_with("fixes.yaml:4:11: 'FilePath' is missing"));
  CHECK(
      import_error(workspace, document(diagnostic("c", "a.cpp", 0, replacement("a.cpp", 9, 40, "x"),
                                                  dir.path().string())))
          .find("bytes 9-49 of a.cpp are past its end (12 bytes)") != std::string::npos);
  CHECK(import_error(workspace,
                     document(diagnostic("c", "gone.cpp", 0, replacement("gone.cpp", 0, 0, "x"),
                                         dir.path().string())))
            .find("gone.cpp does not exist") != std::string::npos);
}

TEST_CASE("a FileOffset past the end of its file is bad input, not a wrapped column") {
  TempDir dir;
  write(dir / "a.cpp", "int *p = 0;\n");
  Workspace workspace(dir.path());
  std::string message = import_error(
      workspace, document(diagnostic("c", "a.cpp", 4294967296, replacement("a.cpp", 9, 1, "x"),
                                     dir.path().string())));
  CHECK(message.starts_with("fixes.yaml:8:24: "));
  CHECK(message.find("FileOffset 4294967296 is past the end of a.cpp (12 bytes)") !=
        std::string::npos);
  ImportResult at_end = import_yaml(
      workspace,
      document(diagnostic("c", "a.cpp", 12, replacement("a.cpp", 9, 1, "x"), dir.path().string())));
  REQUIRE(at_end.improvements.at(0).diagnostics.size() == 1);
  CHECK(at_end.improvements[0].diagnostics[0].line == 2);
}

TEST_CASE("a file name too long for the file system is bad input") {
  // Found by fuzz/targets/clang_tidy.cpp: ENAMETOOLONG was an I/O error (exit 1).
  TempDir dir;
  Workspace workspace(dir.path());
  std::string name(300, 'n');
  CHECK(import_error(workspace,
                     "Replacements:\n  - {FilePath: " + name + ", Offset: 0, Length: 0}\n") ==
        "fixes.yaml:2:5: Cannot stat " + (dir / name).string() + ": File name too long");
}

TEST_CASE("a fix without a message or check name still gets a title") {
  // Found by fuzz/targets/clang_tidy.cpp: an empty title, which reading the improvement
  // file back replaced with its id.
  TempDir dir;
  write(dir / "a.cpp", "int *p = 0;\n");
  Workspace workspace(dir.path());
  ImportResult result = import_yaml(
      workspace, "Diagnostics:\n - Replacements:\n   - {FilePath: a.cpp, Offset: 9, Length: 1}\n");
  REQUIRE(result.improvements.size() == 1);
  CHECK(result.improvements[0].title == "clang-tidy fix");
  ImportResult named = import_yaml(workspace,
                                   "Diagnostics:\n - DiagnosticName: c\n   Replacements:\n"
                                   "   - {FilePath: a.cpp, Offset: 9, Length: 1}\n");
  CHECK(named.improvements.at(0).title == "c: c");
}

TEST_CASE("sniffing tells clang-tidy YAML from a patch") {
  CHECK(guess_importer(document(""))->format() == "clang-tidy");
  CHECK(guess_importer("# exported\nDiagnostics:\n  - DiagnosticName: x\n")->format() ==
        "clang-tidy");
  CHECK(guess_importer("--- a/f.yaml\n+++ b/f.yaml\n@@ -1 +1 @@\n-MainSourceFile: a\n+x\n")
            ->format() == "patch");
  CHECK(guess_importer("hello") == nullptr);
  CHECK(find_importer("clang-tidy") != nullptr);
}
