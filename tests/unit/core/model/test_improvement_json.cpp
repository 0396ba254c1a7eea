// The on-disk JSON of improvements: written without a DOM in exactly the layout of
// nlohmann's dump(2), read with SAX events with the checks and messages of a DOM reader.
#include <doctest/doctest.h>

#include <climits>

#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/base/text_codec.h"
#include "core/model/diagnostic_json.h"
#include "core/model/improvement.h"
#include "test_support.h"

using namespace tars;
using nlohmann::json;
using namespace std::string_literals;

namespace {

// The DOM writer improvement_to_json replaced: the reference of the format.
json reference_bytes(const std::string& bytes) {
  if (is_valid_utf8(bytes)) return bytes;
  return json{{"base64", base64_encode(bytes)}};
}

std::string reference_json(const Improvement& improvement) {
  json changes = json::array();
  for (const FileChange& change : improvement.changes) {
    json out = {{"kind", to_string(change.kind)}, {"path", change.path}};
    if (!change.new_path.empty()) out["newPath"] = change.new_path;
    if (!change.base_hash.empty()) out["baseHash"] = change.base_hash;
    if (change.kind == ChangeKind::Create) out["content"] = reference_bytes(change.content);
    if (change.mode) out["mode"] = *change.mode;
    if (!change.group.empty()) out["group"] = change.group;
    if (!change.edits.empty()) {
      json edits = json::array();
      for (const TextEdit& edit : change.edits)
        edits.push_back({{"offset", edit.offset},
                         {"oldText", reference_bytes(edit.old_text)},
                         {"newText", reference_bytes(edit.new_text)}});
      out["edits"] = edits;
    }
    changes.push_back(out);
  }
  json diagnostics = json::array();
  for (const Diagnostic& d : improvement.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  json out = {{"id", improvement.id},
              {"title", improvement.title},
              {"description", improvement.description},
              {"category", improvement.category},
              {"source", improvement.source},
              {"priority", improvement.priority},
              {"status", improvement.status},
              {"createdAt", improvement.created_at},
              {"changes", changes},
              {"diagnostics", diagnostics}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Improvement tricky() {
  Improvement improvement;
  improvement.id = "imp-tricky";
  improvement.title =
      "quotes \" backslash \\ slash / tab \t caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80";
  improvement.description = "controls \x01\x1f\x7f\b\f\r\n and nul \0 end"s;
  improvement.priority = -7;
  improvement.created_at = "2030-01-01T00:00:00Z";
  FileChange edit;
  edit.path = "src/caf\xe9.cpp";  // latin-1 file name: nlohmann writes U+FFFD for the bad byte
  edit.base_hash = "abc";
  edit.group = "g";
  edit.edits = {{0, "", "inserted\n"},
                {4, "\"old\"\\", "new\x02"},
                {20, "caf\xe9", "caf\xc3\xa9"},
                {4294967296u, "\xc3", ""}};
  FileChange create;
  create.kind = ChangeKind::Create;
  create.path = "bin/tool";
  create.content = std::string("\x00\xff binary-ish\n", 13);
  create.mode = 0755;
  FileChange empty_create;
  empty_create.kind = ChangeKind::Create;
  empty_create.path = "empty";
  FileChange rename;
  rename.kind = ChangeKind::Rename;
  rename.path = "old.txt";
  rename.new_path = "new.txt";
  rename.base_hash = "def";
  rename.edits = {{1, "a", "b"}};
  FileChange remove;
  remove.kind = ChangeKind::Delete;
  remove.path = "gone.txt";
  improvement.changes = {edit, create, empty_create, rename, remove};
  Diagnostic d;
  d.path = "src/a.cpp";
  d.line = 2;
  d.message = "use \"new\"\n\xe9";
  improvement.diagnostics = {d, Diagnostic{}};
  return improvement;
}

std::string error_of(const std::string& text) {
  return tars::test::error_message([&] { improvement_from_json(text, "x.json"); },
                                   ErrorKind::BadInput);
}

}  // namespace

TEST_CASE("improvement JSON has nlohmann's dump(2) layout with sorted keys") {
  Improvement improvement;
  improvement.id = "imp-1";
  improvement.title = "T";
  FileChange change;
  change.path = "a.txt";
  change.base_hash = "h";
  change.edits = {{3, "x\n", "y"}};
  improvement.changes = {change};
  CHECK(improvement_to_json(improvement) == R"({
  "category": "general",
  "changes": [
    {
      "baseHash": "h",
      "edits": [
        {
          "newText": "y",
          "offset": 3,
          "oldText": "x\n"
        }
      ],
      "kind": "edit",
      "path": "a.txt"
    }
  ],
  "createdAt": "",
  "description": "",
  "diagnostics": [],
  "id": "imp-1",
  "priority": 0,
  "source": "manual",
  "status": "pending",
  "title": "T"
}
)");
}

TEST_CASE("improvement JSON is byte for byte what the former DOM writer wrote") {
  CHECK(improvement_to_json(tricky()) == reference_json(tricky()));
  Improvement empty;
  CHECK(improvement_to_json(empty) == reference_json(empty));
}

TEST_CASE("improvement JSON reads back what was written, any bytes included") {
  std::string text = improvement_to_json(tricky());
  Improvement back = improvement_from_json(text, "x.json");
  CHECK(back.description == tricky().description);
  REQUIRE(back.changes.size() == 5);
  CHECK(back.changes[0].path == "src/caf\xef\xbf\xbd.cpp");
  CHECK(back.changes[0].edits[1].old_text == "\"old\"\\");
  CHECK(back.changes[0].edits[2].old_text == "caf\xe9");
  CHECK(back.changes[0].edits[3].offset == 4294967296u);
  CHECK(back.changes[1].content == tricky().changes[1].content);
  CHECK(back.changes[1].mode == 0755u);
  CHECK(back.changes[3].new_path == "new.txt");
  CHECK(back.diagnostics[1].severity == "error");
  CHECK(improvement_to_json(back) == text);
}

TEST_CASE("an author is written first when known and read back; none writes no key") {
  Improvement improvement;
  improvement.id = "imp-1";
  improvement.author = "Ann <ann@example.com>";
  std::string text = improvement_to_json(improvement);
  CHECK(text.starts_with("{\n  \"author\": \"Ann <ann@example.com>\",\n  \"category\""));
  CHECK(improvement_from_json(text, "x.json").author == "Ann <ann@example.com>");
  CHECK(improvement_to_json(Improvement{}).find("author") == std::string::npos);
  CHECK(error_of(R"({"id": "a", "author": 3})").find("author") != std::string::npos);
}

TEST_CASE("reading: the last of duplicate keys wins, null is missing, unknown keys are ignored") {
  Improvement read = improvement_from_json(R"({
    "unknown": {"changes": [1, {"id": 2}], "x": [[], {}]},
    "id": "a", "title": 7, "title": null, "category": null, "priority": 4,
    "changes": [5],
    "changes": [{"kind": "create", "path": "p", "path": "q", "mode": 493, "group": null,
                 "content": {"note": [{"base64": 1}], "base64": "QUJD"},
                 "edits": [{"offset": 1}], "edits": null}],
    "diagnostics": [{"severity": null, "line": 3, "extra": {"line": "x"}}]})",
                                           "x.json");
  CHECK(read.id == "a");
  CHECK(read.title == "a");
  CHECK(read.category == "general");
  CHECK(read.priority == 4);
  REQUIRE(read.changes.size() == 1);
  CHECK(read.changes[0].path == "q");
  CHECK(read.changes[0].content == "ABC");
  CHECK(read.changes[0].mode == 0755u);
  CHECK(read.changes[0].edits.empty());
  REQUIRE(read.diagnostics.size() == 1);
  CHECK(read.diagnostics[0].severity == "error");
  CHECK(read.diagnostics[0].line == 3);
}

TEST_CASE("reading reports the first problem in the order of the former DOM reader") {
  // A syntax error anywhere comes first.
  CHECK(error_of(R"({"id": "a", "changes": [{"kind": "zap"}], "title": )") ==
        "x.json: not valid JSON at byte 52: syntax error while parsing value - unexpected end "
        "of input; expected '[', '{', or a literal");
  // Then the top level's fields, wherever they are in the file.
  CHECK(error_of(R"({"changes": [{"kind": "zap", "path": "x"}], "id": "a", "status": 5})") ==
        "x.json: top level: 'status' must be a string");
  CHECK(error_of(R"({"changes": 5, "diagnostics": [1], "id": "../x"})") ==
        "x.json: id: '../x' may only contain letters, digits, '.', '-' and '_'");
  // Then the changes in order, each change's fields before its edits.
  CHECK(error_of(R"({"id": "a", "diagnostics": [1], "changes": [
                     {"edits": [{"offset": -1}], "kind": "edit", "path": ""},
                     {"kind": "zap", "path": "x"}]})") ==
        "x.json: changes[0]: 'path' must not be empty");
  CHECK(error_of(R"({"id": "a", "changes": [{"kind": "edit", "path": "x"},
                     {"kind": "edit", "path": "y", "edits": [{"offset": 0}, [], {}]},
                     {"kind": "zap", "path": "x"}]})") ==
        "x.json: changes[1].edits[1]: must be an object");
  // Then the diagnostics.
  CHECK(error_of(R"({"id": "a", "diagnostics": [{}, {"line": 1.5}]})") ==
        "x.json: diagnostics[1]: 'line' must be an integer");
  CHECK(error_of(R"({"id": "a", "diagnostics": {}})") ==
        "x.json: top level: 'diagnostics' must be an array");
}

TEST_CASE("reading names the field of every kind of problem") {
  auto change = [](const std::string& fields) {
    return error_of(R"({"id": "a", "changes": [{"kind": "edit", "path": "x", )" + fields + "}]}");
  };
  CHECK(error_of(R"({"id": null})") == "x.json: top level: 'id' is required");
  CHECK(error_of("[]") == "x.json: top level: must be a JSON object");
  CHECK(error_of(R"({"id": "a", "changes": [{"path": "x"}]})") ==
        "x.json: changes[0]: 'kind' is required");
  CHECK(change(R"("mode": "755")") == "x.json: changes[0]: 'mode' must be an integer");
  CHECK(change(R"("content": {"base64": "a$=="})") ==
        "x.json: changes[0]: 'content.base64' is not valid base64");
  CHECK(change(R"("content": {"base64": null})") ==
        "x.json: changes[0]: 'content' must be a string or {\"base64\": ...}");
  CHECK(change(R"("edits": [{"offset": 1, "oldText": [1]}])") ==
        "x.json: changes[0].edits[0]: 'oldText' must be a string or {\"base64\": ...}");
  CHECK(change(R"("edits": [{"oldText": "a"}])") ==
        "x.json: changes[0].edits[0]: 'offset' is required");
  CHECK(change(R"("edits": [{"offset": 1e2}])") ==
        "x.json: changes[0].edits[0]: 'offset' must be an integer");
  CHECK(change(R"("edits": {})") == "x.json: changes[0]: 'edits' must be an array");
}

TEST_CASE("a number too large for a double is bad input, not an escaping exception") {
  std::string message = error_of(R"({"id": "a", "priority": 1e999})");
  CHECK(message.starts_with("x.json: not valid JSON at byte "));
  CHECK(message.find("1e999") != std::string::npos);
}

TEST_CASE("numbers out of their field's range are bad input, never wrapped") {
  // 2^32 + 3 once became priority 3 and line 3 (an int cast).
  CHECK(error_of(R"({"id": "a", "priority": 4294967299})") ==
        "x.json: top level: 'priority' must be an integer from -2147483648 to 2147483647");
  CHECK(error_of(R"({"id": "a", "diagnostics": [{"line": 4294967299}]})") ==
        "x.json: diagnostics[0]: 'line' must be an integer from 0 to 2147483647");
  CHECK(error_of(R"({"id": "a", "diagnostics": [{"endColumn": -1}]})") ==
        "x.json: diagnostics[0]: 'endColumn' must be an integer from 0 to 2147483647");
  // Past 2^63 - 1 a number once wrapped to a negative one.
  CHECK(
      error_of(
          R"({"id": "a", "changes": [{"kind": "create", "path": "x", "mode": 18446744073709551615}]})") ==
      "x.json: changes[0]: 'mode' must be an integer");
  Improvement fine = improvement_from_json(
      R"({"id": "a", "priority": -2147483648, "diagnostics": [{"line": 2147483647}]})", "x.json");
  CHECK(fine.priority == INT_MIN);
  CHECK(fine.diagnostics.at(0).line == INT_MAX);
}
