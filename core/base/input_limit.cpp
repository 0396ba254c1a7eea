#include "core/base/input_limit.h"

#include <charconv>
#include <cstdlib>
#include <string>

#include "core/base/error.h"
#include "core/base/quote.h"

namespace tars {

namespace {

std::string mebibytes(std::size_t size) {
  if (size % (std::size_t{1} << 20)) return std::to_string(size) + " bytes";
  return std::to_string(size >> 20) + " MiB";
}

}  // namespace

std::size_t parse_size(std::string_view text) {
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || value == 0) return 0;
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  int shift = suffix.empty()  ? 0
              : suffix == "K" ? 10
              : suffix == "M" ? 20
              : suffix == "G" ? 30
                              : -1;
  if (shift < 0 || value > (~std::size_t{0} >> shift)) return 0;
  return value << shift;
}

std::size_t max_input_size() {
  const char* text = std::getenv("TARS_MAX_INPUT_SIZE");
  std::size_t parsed = text ? parse_size(text) : 0;
  return parsed ? parsed : kDefaultMaxInputSize;
}

void check_input_size(std::size_t size, std::string_view shown) {
  if (size <= max_input_size()) return;
  throw Error(ErrorKind::BadInput,
              quote_path(shown) + " is larger than the input limit of " +
                  mebibytes(max_input_size()) +
                  " (set TARS_MAX_INPUT_SIZE to raise it, e.g. TARS_MAX_INPUT_SIZE=1G)");
}

}  // namespace tars
