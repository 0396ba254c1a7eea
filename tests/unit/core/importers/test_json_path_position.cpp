#include <doctest/doctest.h>

#include "core/importers/json_path_position.h"

using namespace tars;

TEST_CASE("a JSON path is found in the text, past strings holding brackets and quotes") {
  const std::string text =
      "{\"a\": \"x]}\\\"[\",\n \"b\": [1, {\"c\": [true, null]},\n  {\"k.x\": {\"d\": 2}}]}";
  auto at = [&](std::string_view path) {
    auto position = json_path_position(text, path);
    return position ? std::to_string(position->line) + ":" + std::to_string(position->column)
                    : std::string("none");
  };
  CHECK(at("top level") == "1:1");
  CHECK(at("a") == "1:7");
  CHECK(at("b[1].c[1]") == "2:24");
  CHECK(at("b[2][\"k.x\"].d") == "3:17");
  CHECK(at("b[3]") == "none");
  CHECK(at("missing") == "none");
  CHECK(with_json_position("f.json: b[1]: bad", text, "f.json") == "f.json:2:11: b[1]: bad");
  CHECK(with_json_position("f.json: nowhere: bad", text, "f.json") == "f.json: nowhere: bad");
}
