#include <doctest/doctest.h>

#include <string>

#include "core/base/text_position.h"

using namespace tars;

TEST_CASE("UTF-16 counts code units, UTF-8 counts bytes") {
  std::string text =
      "a\xc3\xa9"
      "b\n\xf0\x9f\x98\x80x\ny";  // "aéb\n😀x\ny"
  std::size_t x = text.find('x');
  CHECK(position_at(text, x, PositionEncoding::Utf16).line == 1);
  CHECK(position_at(text, x, PositionEncoding::Utf16).character ==
        2);  // the emoji is a surrogate pair
  CHECK(position_at(text, x, PositionEncoding::Utf8).character == 4);
  CHECK(offset_at(text, {1, 2}, PositionEncoding::Utf16) == x);
  CHECK(offset_at(text, {1, 4}, PositionEncoding::Utf8) == x);
  CHECK(offset_at(text, {0, 2}, PositionEncoding::Utf16) == text.find('b'));
  CHECK(offset_at(text, {0, 99}, PositionEncoding::Utf16) ==
        text.find('\n'));  // clamped to the line
  CHECK(offset_at(text, {9, 0}, PositionEncoding::Utf16) == text.size());
  CHECK(position_at(text, text.size(), PositionEncoding::Utf16).line == 2);
}
