#pragma once
// Where a JSON path ("runs[0].results[2].fixes", "changes[\"file:///a\"][0]") is in the
// text, found by a small scan only when an error needs it (nlohmann keeps no positions).
#include <optional>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace tars {

struct JsonTextPosition {
  int line = 0;  // 1-based
  int column = 0;
};

std::optional<JsonTextPosition> json_path_position(std::string_view text, std::string_view path);

// "<origin>: <path>: <what>" becomes "<origin>:<line>:<column>: <path>: <what>" when the
// path is found in `text`; other messages are returned unchanged.
std::string with_json_position(const std::string& message, std::string_view text,
                               const std::string& origin);

// Runs `read`, adding the position to the BadInput errors it throws.
template <typename Read>
auto with_json_positions(std::string_view text, const std::string& origin, Read&& read) {
  try {
    return read();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::BadInput) throw;
    throw Error(ErrorKind::BadInput, with_json_position(e.what(), text, origin));
  }
}

}  // namespace tars
