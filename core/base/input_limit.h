#pragma once
// The most bytes TARS reads from one input (a patch, YAML, SARIF or JSON file, an
// improvement file, a config, a workspace file): TARS_MAX_INPUT_SIZE (bytes, or with a
// K, M or G suffix), default 256 MiB. A larger input is refused, never read to the end.
#include <cstddef>
#include <string_view>

namespace tars {

inline constexpr std::size_t kDefaultMaxInputSize = std::size_t{256} << 20;

std::size_t max_input_size();
// Parses "1048576", "512K", "64M", "2G"; 0 when malformed.
std::size_t parse_size(std::string_view text);
// Throws Error(BadInput) naming `shown` when `size` is over the limit.
void check_input_size(std::size_t size, std::string_view shown);

}  // namespace tars
