#include <doctest/doctest.h>

#include "core/base/error.h"
#include "core/base/text_codec.h"
#include "core/model/improvement.h"
#include "core/model/improvement_store.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

namespace {

Improvement sample() {
  Improvement improvement;
  improvement.id = "imp-sample";
  improvement.title = "Sample";
  improvement.priority = 3;
  FileChange edit;
  edit.path = "src/a.cpp";
  edit.base_hash = "abc";
  edit.group = "g1";
  edit.edits = {{4, "old\r\n", "new\r\n"}, {20, "caf\xe9", "caf\xc3\xa9"}};  // latin-1 byte
  FileChange create;
  create.kind = ChangeKind::Create;
  create.path = "bin/tool";
  create.content = std::string("\x00\xff binary-ish\n", 13);
  create.mode = 0755;
  FileChange rename;
  rename.kind = ChangeKind::Rename;
  rename.path = "old.txt";
  rename.new_path = "new.txt";
  improvement.changes = {edit, create, rename};
  Diagnostic d;
  d.path = "src/a.cpp";
  d.line = 2;
  d.message = "use new";
  improvement.diagnostics = {d};
  return improvement;
}

std::string error_of(const std::string& json) {
  return tars::test::error_message(
      [&] { improvement_from_json(json, ".tars/improvements/x.json"); }, ErrorKind::BadInput);
}

}  // namespace

TEST_CASE("improvements round-trip through JSON, any bytes included") {
  Improvement original = sample();
  Improvement back = improvement_from_json(improvement_to_json(original), "x");
  CHECK(back.id == original.id);
  CHECK(back.priority == 3);
  REQUIRE(back.changes.size() == 3);
  CHECK(back.changes[0].edits[0].old_text == "old\r\n");
  CHECK(back.changes[0].edits[1].old_text == "caf\xe9");
  CHECK(back.changes[0].group == "g1");
  CHECK(back.changes[1].content == original.changes[1].content);
  CHECK(back.changes[1].mode == 0755u);
  CHECK(back.changes[2].new_path == "new.txt");
  CHECK(back.diagnostics[0].message == "use new");
  CHECK(improvement_to_json(original).find("base64") != std::string::npos);
}

TEST_CASE("malformed improvements name the file and the field") {
  CHECK(error_of("{").find(".tars/improvements/x.json: not valid JSON") == 0);
  CHECK(error_of("[]").find("must be a JSON object") != std::string::npos);
  CHECK(error_of(R"({"title": "t"})").find("'id' is required") != std::string::npos);
  CHECK(error_of(R"({"id": "../evil"})").find("may only contain") != std::string::npos);
  CHECK(error_of(R"({"id": "a", "changes": [{"kind": "edit", "path": 42}]})")
            .find("changes[0]: 'path' must be a string") != std::string::npos);
  CHECK(error_of(R"({"id": "a", "changes": [{"kind": "zap", "path": "x"}]})")
            .find("unknown kind 'zap'") != std::string::npos);
  CHECK(error_of(
            R"({"id": "a", "changes": [{"kind": "edit", "path": "x", "edits": [{"offset": -1}]}]})")
            .find("changes[0].edits[0]: 'offset' must be a non-negative integer") !=
        std::string::npos);
  CHECK(error_of(R"({"id": "a", "changes": [{"kind": "rename", "path": "x"}]})").find("newPath") !=
        std::string::npos);
  CHECK(error_of(R"({"id": "a", "changes": {}})").find("'changes' must be an array") !=
        std::string::npos);
}

TEST_CASE("apply_edits replaces at offsets and refuses mismatches and overlaps") {
  CHECK(apply_edits("hello world", {{0, "hello", "goodbye"}, {6, "world", "moon"}}) ==
        "goodbye moon");
  CHECK(apply_edits("ab", {{1, "", "X"}, {1, "", "Y"}, {2, "", "!"}}) == "aXYb!");
  CHECK_THROWS_AS(apply_edits("hello", {{0, "jello", "x"}}), Error);
  CHECK_THROWS_AS(apply_edits("hello", {{0, "hel", "x"}, {2, "llo", "y"}}), Error);
  CHECK_THROWS_AS(apply_edits("hello", {{9, "", "x"}}), Error);
}

TEST_CASE("text codec: UTF-8 validity and base64") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("caf\xe9"));
  CHECK_FALSE(is_valid_utf8("\xc3"));
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));  // a surrogate
  CHECK_FALSE(is_valid_utf8("\xc0\x80"));      // overlong
  for (std::string bytes : {std::string(""), std::string("a"), std::string("ab"),
                            std::string("abc"), std::string("\x00\xff\x10", 3)})
    CHECK(base64_decode(base64_encode(bytes)) == bytes);
  CHECK(base64_encode("hello") == "aGVsbG8=");
  CHECK_FALSE(base64_decode("a$=="));
}

TEST_CASE("the store lists every readable improvement and reports corrupt files") {
  TempDir dir;
  Workspace workspace(dir.path());
  ImprovementStore store(workspace);
  Improvement low = sample();
  low.id = "imp-low";
  low.priority = 1;
  Improvement high = sample();
  high.id = "imp-high";
  high.priority = 5;
  store.save(low);
  store.save(high);
  tars::test::write(workspace.improvements_dir() / "imp-bad.json", "{\"id\": ");
  tars::test::write(workspace.improvements_dir() / "imp-misnamed.json", R"({"id": "imp-other"})");
  tars::test::write(workspace.improvements_dir() / "notes.txt", "ignored");

  ImprovementListing listing = store.list();
  REQUIRE(listing.improvements.size() == 2);
  CHECK(listing.improvements[0].id == "imp-high");
  REQUIRE(listing.problems.size() == 2);
  for (const auto& problem : listing.problems)
    CHECK(problem.message.find(".tars/improvements/imp-") == 0);

  try {
    store.load("imp-missing");
    FAIL("expected not found");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NotFound);
    CHECK(std::string(e.what()) == "Improvement not found: imp-missing");
  }
  CHECK_THROWS_AS(store.load("../../etc/passwd"), Error);
}

TEST_CASE("improvement ids depend on the changes only") {
  Improvement a = sample();
  Improvement b = sample();
  b.title = "another title";
  b.created_at = "2030-01-01T00:00:00Z";
  CHECK(improvement_id_for(a) == improvement_id_for(b));
  CHECK(improvement_id_for(a).starts_with("imp-"));
  CHECK(improvement_id_for(a).size() == 14);
  b.changes[0].edits[0].new_text = "different";
  CHECK(improvement_id_for(a) != improvement_id_for(b));
}
