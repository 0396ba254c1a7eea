#pragma once
// Byte-level text helpers: UTF-8 validity and encoding, base64 (for non-UTF-8 bytes in
// JSON).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tars {

bool is_valid_utf8(std::string_view bytes);
// Appends the UTF-8 encoding of a code point (at most U+10FFFF).
void append_utf8(std::string& out, std::uint32_t code_point);
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace tars
