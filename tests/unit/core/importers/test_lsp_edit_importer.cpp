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

ImportResult import_edit(const Workspace& workspace, const std::string& json) {
  return lsp_edit_importer().import({json, "edit.json", ""}, workspace);
}

std::string import_error(const Workspace& workspace, const std::string& json) {
  return tars::test::error_message([&] { import_edit(workspace, json); }, ErrorKind::BadInput);
}

std::string uri(const TempDir& dir, const std::string& path) {
  return "file://" + (dir / path).string();
}

std::string edit(int line, int character, int end_line, int end_character,
                 const std::string& text) {
  return R"({"range": {"start": {"line": )" + std::to_string(line) + R"(, "character": )" +
         std::to_string(character) + R"(}, "end": {"line": )" + std::to_string(end_line) +
         R"(, "character": )" + std::to_string(end_character) + R"(}}, "newText": ")" + text +
         R"("})";
}

// The content of every file after the improvement's changes (edits only).
std::string after(const TempDir& dir, const FileChange& change) {
  return apply_edits(read(dir / change.path), change.edits);
}

}  // namespace

TEST_CASE("UTF-16 characters, CRLF, a BOM, insertion at the end and whole-line deletion") {
  TempDir dir;
  // "é" is 1 UTF-16 unit (2 bytes), "😀" 2 units (4 bytes).
  write(dir / "u.txt", "caf\xc3\xa9 \xf0\x9f\x98\x80 x = 1\n");
  write(dir / "c.txt", "one\r\ntwo\r\nthree");
  write(dir / "b.txt", "\xEF\xBB\xBFkeep\ndrop\n");
  Workspace workspace(dir.path());
  std::string json = R"({"changes": {")" + uri(dir, "u.txt") + R"(": [)" + edit(0, 8, 0, 9, "y") +
                     "], \"" + uri(dir, "c.txt") + R"(": [)" + edit(0, 3, 1, 3, "+") + ", " +
                     edit(2, 5, 2, 5, "!") + ", " + edit(2, 5, 2, 5, "?") + "], \"" +
                     uri(dir, "b.txt") + R"(": [)" + edit(1, 0, 2, 0, "") + ", " +
                     edit(0, 0, 0, 4, "kept") + "]}}";
  ImportResult result = import_edit(workspace, json);
  REQUIRE(result.improvements.size() == 1);
  const Improvement& improvement = result.improvements[0];
  CHECK(improvement.source == "lsp");
  CHECK(improvement.title == "Apply edit.json");
  REQUIRE(improvement.changes.size() == 3);
  for (const FileChange& change : improvement.changes) {
    CHECK(change.base_hash == content_hash(read(dir / change.path)));
    CHECK(result.base_contents.count(change.base_hash) == 1);
  }
  // changes are in URI order: b.txt, c.txt, u.txt
  CHECK(after(dir, improvement.changes[0]) == "\xEF\xBB\xBFkept\n");
  CHECK(after(dir, improvement.changes[1]) == "one+\r\nthree!?");  // inserts keep their order
  CHECK(after(dir, improvement.changes[2]) == "caf\xc3\xa9 \xf0\x9f\x98\x80 y = 1\n");
}

TEST_CASE("positionEncoding utf-8 and utf-32 in the file") {
  TempDir dir;
  write(dir / "u.txt", "\xf0\x9f\x98\x80=1\n");
  Workspace workspace(dir.path());
  auto one = [&](const std::string& encoding, int character) {
    std::string json = R"({"positionEncoding": ")" + encoding + R"(", "changes": {")" +
                       uri(dir, "u.txt") + "\": [" + edit(0, character, 0, character + 1, ":") +
                       "]}}";
    return after(dir, import_edit(workspace, json).improvements[0].changes[0]);
  };
  CHECK(one("utf-8", 4) == "\xf0\x9f\x98\x80:1\n");
  CHECK(one("utf-32", 1) == "\xf0\x9f\x98\x80:1\n");
  CHECK(one("utf-16", 2) == "\xf0\x9f\x98\x80:1\n");
  CHECK(import_error(workspace, R"({"positionEncoding": "latin1", "changes": {}})")
            .find("edit.json:1:22: positionEncoding: must be utf-8, utf-16 or utf-32") !=
        std::string::npos);
}

TEST_CASE("documentChanges: create, edit, rename and delete in order") {
  TempDir dir;
  write(dir / "old.txt", "hello\n");
  write(dir / "gone.txt", "bye\n");
  write(dir / "exists.txt", "x\n");
  Workspace workspace(dir.path());
  std::string json = R"({"label": "Extract module", "edit": {"documentChanges": [
    {"kind": "create", "uri": ")" +
                     uri(dir, "new/mod.txt") + R"("},
    {"textDocument": {"uri": ")" +
                     uri(dir, "new/mod.txt") + R"(", "version": null}, "edits": [)" +
                     edit(0, 0, 0, 0, "module\\n") + R"(]},
    {"kind": "rename", "oldUri": ")" +
                     uri(dir, "old.txt") + R"(", "newUri": ")" + uri(dir, "renamed.txt") + R"("},
    {"textDocument": {"uri": ")" +
                     uri(dir, "renamed.txt") + R"(", "version": 3}, "edits": [)" +
                     edit(0, 0, 0, 5, "HELLO") + R"(]},
    {"kind": "delete", "uri": ")" +
                     uri(dir, "gone.txt") + R"("},
    {"kind": "create", "uri": ")" +
                     uri(dir, "exists.txt") + R"(", "options": {"ignoreIfExists": true}},
    {"kind": "delete", "uri": ")" +
                     uri(dir, "never.txt") + R"(", "options": {"ignoreIfNotExists": true}}
  ]}})";
  ImportResult result = import_edit(workspace, json);
  REQUIRE(result.improvements.size() == 1);
  const Improvement& improvement = result.improvements[0];
  CHECK(improvement.title == "Extract module");
  REQUIRE(improvement.changes.size() == 3);
  CHECK(improvement.changes[0].kind == ChangeKind::Create);
  CHECK(improvement.changes[0].path == "new/mod.txt");
  CHECK(improvement.changes[0].content == "module\n");
  CHECK(improvement.changes[1].kind == ChangeKind::Rename);
  CHECK(improvement.changes[1].path == "old.txt");
  CHECK(improvement.changes[1].new_path == "renamed.txt");
  CHECK(after(dir, improvement.changes[1]) == "HELLO\n");
  CHECK(improvement.changes[2].kind == ChangeKind::Delete);
  CHECK(improvement.changes[2].path == "gone.txt");
  CHECK(improvement.changes[2].base_hash == content_hash("bye\n"));

  CHECK(import_error(workspace, R"({"documentChanges": [{"kind": "create", "uri": ")" +
                                    uri(dir, "exists.txt") + R"("}]})")
            .find("edit.json:1:22: documentChanges[0]: exists.txt already exists") !=
        std::string::npos);
  CHECK(import_error(workspace, R"({"documentChanges": [{"kind": "delete", "uri": ")" +
                                    uri(dir, "never.txt") + R"("}]})")
            .find("never.txt does not exist") != std::string::npos);
}

TEST_CASE("overlapping edits are refused naming both") {
  TempDir dir;
  write(dir / "a.txt", "abcdef\n");
  Workspace workspace(dir.path());
  std::string json = R"({"changes": {")" + uri(dir, "a.txt") + "\": [" + edit(0, 0, 0, 3, "x") +
                     ", " + edit(0, 2, 0, 4, "y") + "]}}";
  std::string message = import_error(workspace, json);
  CHECK(message.starts_with("edit.json:1:"));
  CHECK(message.find("changes[\"" + uri(dir, "a.txt") +
                     "\"][1]: the replacement of bytes 2-4 of a.txt conflicts with the one at "
                     "edit.json: changes[\"" +
                     uri(dir, "a.txt") + "\"][0]") != std::string::npos);
}

TEST_CASE("malformed edits name their place; files outside the workspace are dropped") {
  TempDir dir, outside;
  write(dir / "a.txt", "abc\n");
  write(outside / "o.txt", "abc\n");
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, "{\"changes\": {\n  \"x\": [,]}}")
            .starts_with("edit.json:2:9: not valid JSON: "));
  CHECK(
      import_error(workspace, R"({"changes": {")" + uri(dir, "a.txt") + R"(": [{"newText": ""}]}})")
          .find("][0]: 'range' is required") != std::string::npos);
  CHECK(import_error(workspace, R"({"changes": {")" + uri(dir, "a.txt") + "\": [" +
                                    edit(7, 0, 7, 0, "x") + "]}}")
            .find("line 7 is past the end of the document (2 lines)") != std::string::npos);
  CHECK(import_error(workspace, R"({"changes": {"untitled:1": []}})").find("not a file: URI") !=
        std::string::npos);
  ImportResult result = import_edit(
      workspace, R"({"changes": {")" + uri(outside, "o.txt") + "\": [" + edit(0, 0, 0, 1, "x") +
                     "], \"" + uri(dir, "a.txt") + "\": [" + edit(0, 0, 0, 1, "A") + "]}}");
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].find("o.txt is not a workspace file") != std::string::npos);
  REQUIRE(result.improvements[0].changes.size() == 1);
  CHECK(result.improvements[0].changes[0].path == "a.txt");
}

TEST_CASE("a line or character out of LSP's range is bad input, never wrapped") {
  TempDir dir;
  write(dir / "a.txt", "abcdef\n");
  Workspace workspace(dir.path());
  auto edit_at = [&](const std::string& line, const std::string& character) {
    return R"({"changes": {")" + uri(dir, "a.txt") + R"(": [{"range": {"start": {"line": )" + line +
           R"(, "character": )" + character +
           R"(}, "end": {"line": 0, "character": 3}}, "newText": "X"}]}})";
  };
  // 2^32 + 2 once became character 2 (an int cast) and replaced "c".
  CHECK(import_error(workspace, edit_at("0", "4294967298"))
            .find("][0].range.start.character: must be an integer from 0 to 2147483647") !=
        std::string::npos);
  CHECK(import_error(workspace, edit_at("0", "-1"))
            .find("][0].range.start.character: must be an integer from 0 to 2147483647") !=
        std::string::npos);
  CHECK(import_error(workspace, edit_at("18446744073709551615", "0"))
            .find("][0].range.start.line: must be an integer from 0 to 2147483647") !=
        std::string::npos);
  // The largest character is the end of the line (then the range ends before it starts).
  CHECK(import_error(workspace, edit_at("0", "2147483647")).find("ends before it starts") !=
        std::string::npos);
}

TEST_CASE("a number too large for a double is bad input naming its place") {
  // Found by fuzz/targets/lsp_edit.cpp: nlohmann's out_of_range escaped as another exception.
  TempDir dir;
  Workspace workspace(dir.path());
  CHECK(import_error(workspace, R"({"changes": {}, "x": 1e999})") ==
        "edit.json:1:22: not valid JSON: number overflow parsing '1e999'");
}

TEST_CASE("sniffing recognises a WorkspaceEdit") {
  CHECK(guess_importer(R"({"changes": {}})")->format() == "lsp");
  CHECK(guess_importer(" {\"documentChanges\": []}")->format() == "lsp");
  CHECK(find_importer("lsp") != nullptr);
}
