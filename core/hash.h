#pragma once
#include <string>
#include <string_view>

namespace tars {

// SHA-256 of the bytes, as 64 lowercase hex digits.
std::string content_hash(std::string_view bytes);

}  // namespace tars
