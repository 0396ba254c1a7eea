#pragma once
// Byte offsets <-> LSP positions (zero-based line and character), with characters
// counted in the negotiated encoding: UTF-8 bytes or UTF-16 code units.
#include <cstddef>
#include <string_view>

namespace tars {

enum class PositionEncoding { Utf8, Utf16 };

struct TextPosition {
  int line = 0;
  int character = 0;
};

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
std::size_t utf8_sequence_length(unsigned char lead);

TextPosition position_at(std::string_view text, std::size_t offset, PositionEncoding encoding);
// Positions past the end of a line or of the text are clamped to it.
std::size_t offset_at(std::string_view text, TextPosition position, PositionEncoding encoding);

}  // namespace tars
