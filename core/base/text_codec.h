#pragma once
// Byte-level text helpers: UTF-8 validity and base64 (for non-UTF-8 bytes in JSON).
#include <optional>
#include <string>
#include <string_view>

namespace tars {

bool is_valid_utf8(std::string_view bytes);
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace tars
