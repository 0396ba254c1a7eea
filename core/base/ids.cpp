#include "core/base/ids.h"

#include <chrono>
#include <ctime>
#include <random>

namespace tars {

std::string random_id(std::string_view prefix, int hex_digits) {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string id(prefix);
  id += '-';
  for (int i = 0; i < hex_digits; ++i) id += hex[generator() & 15];
  return id;
}

std::string iso8601(std::int64_t ms_since_epoch) {
  std::time_t seconds = static_cast<std::time_t>(ms_since_epoch / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string iso8601_now() {
  using namespace std::chrono;
  return iso8601(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace tars
