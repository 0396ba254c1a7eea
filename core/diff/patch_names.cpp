#include "core/diff/patch_names.h"

#include <charconv>

namespace tars {

// git's C-style quoting: "a/caf\303\251.txt".
std::optional<std::string> unquote_c(std::string_view quoted) {
  std::string out;
  for (std::size_t k = 1; k + 1 < quoted.size(); ++k) {
    char c = quoted[k];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++k + 1 >= quoted.size()) return std::nullopt;
    char e = quoted[k];
    if (e >= '0' && e <= '7') {
      int value = 0;
      for (int digits = 0; digits < 3 && k < quoted.size() && quoted[k] >= '0' && quoted[k] <= '7';
           ++digits)
        value = value * 8 + (quoted[k++] - '0');
      --k;
      out += static_cast<char>(value);
      continue;
    }
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'r':
        out += '\r';
        break;
      case 'v':
        out += '\v';
        break;
      default:
        out += e;
    }
  }
  return out;
}

// "--- name\t1970-01-01 01:00:00.000000000 +0100": the epoch in any time zone.
bool is_epoch_stamp(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::size_t tab = line.find('\t');
  if (tab == std::string_view::npos) return false;
  std::string_view stamp = line.substr(tab + 1);
  int day_seconds = 0;
  if (stamp.starts_with("1970-01-01 "))
    day_seconds = 0;
  else if (stamp.starts_with("1969-12-31 "))
    day_seconds = -86400;
  else
    return false;
  stamp.remove_prefix(11);
  int h = 0, m = 0, sec = 0, zone = 0;
  auto number = [&](int& value, std::size_t digits) {
    if (stamp.size() < digits) return false;
    auto [end, error] = std::from_chars(stamp.data(), stamp.data() + digits, value);
    stamp.remove_prefix(digits);
    return error == std::errc() && end == stamp.data();
  };
  auto skip = [&](char c) {
    if (stamp.empty() || stamp[0] != c) return false;
    stamp.remove_prefix(1);
    return true;
  };
  if (!number(h, 2) || !skip(':') || !number(m, 2) || !skip(':') || !number(sec, 2)) return false;
  if (skip('.'))
    while (!stamp.empty() && stamp[0] >= '0' && stamp[0] <= '9') stamp.remove_prefix(1);
  int sign = 1;
  if (skip(' ') && !stamp.empty() && (stamp[0] == '+' || stamp[0] == '-')) {
    sign = stamp[0] == '-' ? -1 : 1;
    stamp.remove_prefix(1);
    int zh = 0, zm = 0;
    if (!number(zh, 2) || !number(zm, 2)) return false;
    zone = sign * (zh * 3600 + zm * 60);
  }
  return day_seconds + h * 3600 + m * 60 + sec - zone == 0;
}

}  // namespace tars
