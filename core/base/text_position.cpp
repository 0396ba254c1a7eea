#include "core/base/text_position.h"

#include <algorithm>

namespace tars {

namespace {

std::size_t units(std::size_t bytes, PositionEncoding encoding) {
  return encoding == PositionEncoding::Utf16 && bytes == 4
             ? 2
             : (encoding == PositionEncoding::Utf16 ? 1 : bytes);
}

std::size_t line_start(std::string_view text, int line) {
  std::size_t offset = 0;
  for (int current = 0; current < line; ++current) {
    std::size_t newline = text.find('\n', offset);
    if (newline == std::string_view::npos) return text.size();
    offset = newline + 1;
  }
  return offset;
}

}  // namespace

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

TextPosition position_at(std::string_view text, std::size_t offset, PositionEncoding encoding) {
  offset = std::min(offset, text.size());
  TextPosition position;
  std::size_t start = 0;
  for (std::size_t newline = text.find('\n'); newline != std::string_view::npos && newline < offset;
       newline = text.find('\n', start)) {
    ++position.line;
    start = newline + 1;
  }
  std::size_t character = 0;
  for (std::size_t i = start; i < offset;) {
    std::size_t length = utf8_sequence_length(static_cast<unsigned char>(text[i]));
    character += units(length, encoding);
    i += length;
  }
  position.character = static_cast<int>(character);
  return position;
}

std::size_t offset_at(std::string_view text, TextPosition position, PositionEncoding encoding) {
  std::size_t offset = line_start(text, std::max(0, position.line));
  std::size_t line_end = text.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::size_t wanted = static_cast<std::size_t>(std::max(0, position.character));
  for (std::size_t counted = 0; offset < line_end && counted < wanted;) {
    std::size_t length = utf8_sequence_length(static_cast<unsigned char>(text[offset]));
    counted += units(length, encoding);
    offset = std::min(offset + length, line_end);
  }
  return offset;
}

}  // namespace tars
