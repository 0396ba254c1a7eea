#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace tars {

// "<prefix>-" followed by `hex_digits` random hex digits, e.g. "ctx-3f9a0c1e".
std::string random_id(std::string_view prefix, int hex_digits = 8);
// Current UTC time as ISO 8601 ("2026-11-24T03:31:37Z").
std::string iso8601_now();
std::string iso8601(std::int64_t ms_since_epoch);

}  // namespace tars
