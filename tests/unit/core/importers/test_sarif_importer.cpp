#include <doctest/doctest.h>

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

ImportResult import_sarif(const Workspace& workspace, const std::string& json,
                          const std::string& group_by = "") {
  return sarif_importer().import({json, "scan.sarif", group_by}, workspace);
}

std::string import_error(const Workspace& workspace, const std::string& json) {
  return tars::test::error_message([&] { import_sarif(workspace, json); }, ErrorKind::BadInput);
}

// A result of rule `rule` whose one fix replaces `region` of `uri` with `text`.
std::string result(const std::string& rule, const std::string& uri, const std::string& region,
                   const std::string& text, const std::string& location = "") {
  std::string locations =
      location.empty() ? ""
                       : R"("locations": [{"physicalLocation": {"artifactLocation": {"uri": ")" +
                             uri + R"("}, "region": )" + location + "}}], ";
  return R"({"ruleId": ")" + rule + R"(", "level": "error", "message": {"text": "fix )" + rule +
         R"("}, )" + locations +
         R"("fixes": [{"artifactChanges": [{"artifactLocation": {"uri": ")" + uri +
         R"("}, "replacements": [{"deletedRegion": )" + region +
         R"(, "insertedContent": {"text": ")" + text + R"("}}]}]}]})";
}

std::string log(const std::string& results, const std::string& run_fields = "") {
  return R"({"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "runs": [{"tool": {"driver": {"name": "semgrep"}}, )" +
         run_fields + R"("results": [)" + results + "]}]}";
}

std::string after(const TempDir& dir, const ImportResult& imported, std::size_t index) {
  const FileChange& change = imported.improvements.at(index).changes.at(0);
  return apply_edits(read(dir / change.path), change.edits);
}

}  // namespace

TEST_CASE("line/column regions count UTF-16 units by default; endColumn is exclusive") {
  TempDir dir;
  // "é" is 1 UTF-16 unit (2 bytes), "😀" 2 units (4 bytes).
  write(dir / "u.py", "s = 'caf\xc3\xa9 \xf0\x9f\x98\x80' + x\n");
  write(dir / "c.py", "a = 1\r\nb = 2\r\nc = 3");
  write(dir / "b.py", "\xEF\xBB\xBFkeep = 1\ndrop = 2\n");
  Workspace workspace(dir.path());
  std::string json = log(
      result("u", "u.py", R"({"startLine": 1, "startColumn": 17, "endColumn": 18})", "y",
             R"({"startLine": 1, "startColumn": 17})") +
      "," +
      // no endLine/endColumn: to the end of line 2, before its CRLF
      result("crlf", "c.py", R"({"startLine": 2, "startColumn": 5})", "22") + "," +
      // insertion at the end of a file without a final newline
      result("eof", "c.py", R"({"startLine": 3, "startColumn": 6, "endColumn": 6})", "\\n") + "," +
      // whole-line deletion; text columns start after the BOM
      result("del", "b.py", R"({"startLine": 2, "startColumn": 1, "endLine": 3, "endColumn": 1})",
             "") +
      "," + result("bom", "b.py", R"({"startLine": 1, "startColumn": 1, "endColumn": 5})", "kept"));
  ImportResult imported = import_sarif(workspace, json);
  REQUIRE(imported.improvements.size() == 5);  // one per result
  const Improvement& first = imported.improvements[0];
  CHECK(first.title == "u: fix u");
  CHECK(first.source == "sarif");
  REQUIRE(first.diagnostics.size() == 1);
  CHECK(first.diagnostics[0].path == "u.py");
  CHECK(first.diagnostics[0].column == 20);  // bytes, 1-based
  CHECK(first.diagnostics[0].severity == "error");
  CHECK(first.diagnostics[0].source == "semgrep");
  CHECK(first.changes[0].base_hash == content_hash(read(dir / "u.py")));
  CHECK(imported.base_contents.count(first.changes[0].base_hash) == 1);
  CHECK(after(dir, imported, 0) == "s = 'caf\xc3\xa9 \xf0\x9f\x98\x80' + y\n");
  CHECK(after(dir, imported, 1) == "a = 1\r\nb = 22\r\nc = 3");
  CHECK(after(dir, imported, 2) == "a = 1\r\nb = 2\r\nc = 3\n");
  CHECK(after(dir, imported, 3) == "\xEF\xBB\xBFkeep = 1\n");
  CHECK(after(dir, imported, 4) == "\xEF\xBB\xBFkept = 1\ndrop = 2\n");
}

TEST_CASE("unicodeCodePoints, charOffset/charLength and byteOffset/byteLength") {
  TempDir dir;
  write(dir / "u.txt", "\xEF\xBB\xBF\xf0\x9f\x98\x80=1\n");
  Workspace workspace(dir.path());
  auto one = [&](const std::string& region, const std::string& run_fields = "") {
    return after(dir, import_sarif(workspace, log(result("r", "u.txt", region, ":"), run_fields)),
                 0);
  };
  const std::string expected = "\xEF\xBB\xBF\xf0\x9f\x98\x80:1\n";
  CHECK(one(R"({"startLine": 1, "startColumn": 2, "endColumn": 3})",
            R"("columnKind": "unicodeCodePoints", )") == expected);
  CHECK(one(R"({"startLine": 1, "startColumn": 3, "endColumn": 4})",
            R"("columnKind": "utf16CodeUnits", )") == expected);
  CHECK(one(R"({"charOffset": 2, "charLength": 1})") == expected);  // UTF-16, after the BOM
  CHECK(one(R"({"byteOffset": 7, "byteLength": 1})") == expected);  // bytes count the BOM
}

TEST_CASE("URIs are resolved through originalUriBaseIds") {
  TempDir dir;
  write(dir / "src/a.py", "x = 1\n");
  Workspace workspace(dir.path());
  std::string run_fields = R"("originalUriBaseIds": {"ROOT": {"uri": "file://)" +
                           dir.path().string() +
                           R"(/"}, "SRC": {"uri": "src/", "uriBaseId": "ROOT"}}, )";
  std::string fix =
      result("r", "a.py", R"({"startLine": 1, "startColumn": 5, "endColumn": 6})", "2");
  fix.replace(fix.find(R"("uri": "a.py"})"), 14, R"("uri": "a.py", "uriBaseId": "SRC"})");
  ImportResult imported = import_sarif(workspace, log(fix, run_fields));
  REQUIRE(imported.improvements.size() == 1);
  CHECK(imported.improvements[0].changes[0].path == "src/a.py");
  CHECK(after(dir, imported, 0) == "x = 2\n");
}

TEST_CASE("identical fixes apply once; overlapping ones are refused naming both") {
  TempDir dir;
  write(dir / "a.py", "value = 10\n");
  Workspace workspace(dir.path());
  std::string fix =
      result("r", "a.py", R"({"startLine": 1, "startColumn": 9, "endColumn": 11})", "0");
  ImportResult twice = import_sarif(workspace, log(fix + "," + fix), "all");
  REQUIRE(twice.improvements.size() == 1);
  CHECK(twice.improvements[0].changes[0].edits.size() == 1);

  std::string other =
      result("s", "a.py", R"({"startLine": 1, "startColumn": 10, "endColumn": 12})", "1");
  std::string message = import_error(workspace, log(fix + "," + other));
  CHECK(message.starts_with("scan.sarif:2:479: "));  // line and column of results[1]'s replacement
  CHECK(message.find("runs[0].results[1].fixes[0].artifactChanges[0].replacements[0]"
                     ": the replacement of bytes 9-10 of a.py conflicts with the one at "
                     "scan.sarif: runs[0].results[0]") != std::string::npos);
}

TEST_CASE("malformed SARIF names the place") {
  TempDir dir;
  write(dir / "a.py", "x\n");
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, "{\n \"runs\": [}").starts_with("scan.sarif:2:11: not valid JSON"));
  CHECK(import_error(workspace, log(result("r", "a.py", R"({"startLine": 9})", "")))
            .find("scan.sarif:2:236: runs[0].results[0].fixes[0].artifactChanges[0].replacements[0]"
                  ".deletedRegion: "
                  "line 9 is past the end of a.py (2 lines)") != std::string::npos);
  CHECK(import_error(workspace, log(result("r", "a.py", R"({"startColumn": 2})", "")))
            .find("needs startLine, charOffset or byteOffset") != std::string::npos);
  CHECK(import_error(workspace, log(result("r", "a.py", R"({"startLine": 0})", "")))
            .find("deletedRegion.startLine: must be an integer from 1 to 2147483647") !=
        std::string::npos);
  CHECK(import_error(workspace, R"({"version": "2.0.0", "runs": []})").find("not supported") !=
        std::string::npos);
}

TEST_CASE("numbers out of range are bad input, never wrapped onto other bytes") {
  TempDir dir;
  write(dir / "a.py", "abcdef\n");
  Workspace workspace(dir.path());
  // 2^32 + 2 once became column 2 (an int cast) and replaced "b".
  CHECK(import_error(
            workspace,
            log(result("r", "a.py",
                       R"({"startLine": 1, "startColumn": 4294967298, "endColumn": 4294967299})",
                       "X")))
            .find("deletedRegion.startColumn: must be an integer from 1 to 2147483647") !=
        std::string::npos);
  CHECK(import_error(
            workspace,
            log(result("r", "a.py",
                       R"({"startLine": 1, "startColumn": 1, "endColumn": 4294967298})", "X")))
            .find("deletedRegion.endColumn: must be an integer from 1 to 2147483647") !=
        std::string::npos);
  CHECK(import_error(workspace,
                     log(result("r", "a.py", R"({"startLine": 18446744073709551615})", "")))
            .find("deletedRegion.startLine: must be an integer from 1 to 2147483647") !=
        std::string::npos);
  // Offset + length once overflowed a signed 64-bit sum.
  CHECK(import_error(workspace,
                     log(result("r", "a.py",
                                R"({"byteOffset": 9223372036854775807, "byteLength": 1})", "X")))
            .find("deletedRegion.byteOffset: must be an integer from 0 to 9007199254740991") !=
        std::string::npos);
  CHECK(import_error(
            workspace,
            log(result("r", "a.py", R"({"charOffset": 1, "charLength": 9007199254740992})", "X")))
            .find("deletedRegion.charLength: must be an integer from 0 to 9007199254740991") !=
        std::string::npos);
  // In range but past the end of the file: the usual error.
  CHECK(import_error(
            workspace,
            log(result("r", "a.py", R"({"byteOffset": 9007199254740991, "byteLength": 0})", "X")))
            .find("are past its end (7 bytes)") != std::string::npos);
  // The largest column is the end of the line.
  ImportResult imported = import_sarif(
      workspace, log(result("r", "a.py", R"({"startLine": 1, "startColumn": 2147483647})", "!")));
  CHECK(after(dir, imported, 0) == "abcdef!\n");
}

TEST_CASE("a number too large for a double is bad input naming its place") {
  // Found by fuzz/targets/sarif.cpp: nlohmann's out_of_range escaped as another exception.
  TempDir dir;
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, "1e999") ==
        "scan.sarif:1:1: not valid JSON: number overflow "
        "parsing '1e999'");
  CHECK(import_error(workspace, "{\"runs\": [\n  {\"x\": -1e400}]}")
            .starts_with("scan.sarif:2:9: not valid JSON: number overflow parsing '-1e400'"));
}

TEST_CASE("a directory named as a file is bad input") {
  TempDir dir;
  fs::create_directory(dir / "src");
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, log(result("r", "src", R"({"byteOffset": 0})", "x")))
            .ends_with("artifactChanges[0]: " + (dir / "src").string() +
                       " is a directory, not a regular file"));
}

TEST_CASE("group by rule, and sniffing") {
  TempDir dir;
  write(dir / "a.py", "a = 1\nb = 2\n");
  Workspace workspace(dir.path());
  std::string json =
      log(result("r", "a.py", R"({"startLine": 1, "startColumn": 5, "endColumn": 6})", "3") + "," +
          result("r", "a.py", R"({"startLine": 2, "startColumn": 5, "endColumn": 6})", "4"));
  ImportResult by_rule = import_sarif(workspace, json, "check");
  REQUIRE(by_rule.improvements.size() == 1);
  CHECK(by_rule.improvements[0].title == "r: 2 fixes");
  CHECK(by_rule.improvements[0].diagnostics.size() == 2);
  CHECK(guess_importer(json)->format() == "sarif");
  CHECK(find_importer("sarif") != nullptr);
}
