#include "core/base/quote.h"

#include <algorithm>
#include <cstdio>

namespace tars {

namespace {

// git's named escapes (quote.c, cq_lookup); other special bytes become octal.
char named_escape(char c) {
  switch (c) {
    case '\a':
      return 'a';
    case '\b':
      return 'b';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\v':
      return 'v';
    case '\f':
      return 'f';
    case '\r':
      return 'r';
    case '"':
      return '"';
    case '\\':
      return '\\';
    default:
      return 0;
  }
}

}  // namespace

bool needs_quoting(std::string_view path) {
  return std::any_of(path.begin(), path.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\';
  });
}

std::string quote_path(std::string_view path) {
  if (!needs_quoting(path)) return std::string(path);
  std::string out = "\"";
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (char name = named_escape(c)) {
      out += '\\';
      out += name;
    } else if (byte < 0x20 || byte >= 0x7f) {
      char octal[5];
      std::snprintf(octal, sizeof octal, "\\%03o", byte);
      out += octal;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Runs without control characters are appended whole: most text has none.
std::string printable(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  std::size_t run = 0;
  for (std::size_t i = 0; i < message.size(); ++i) {
    auto byte = static_cast<unsigned char>(message[i]);
    if ((byte >= 0x20 || byte == '\n' || byte == '\t') && byte != 0x7f) continue;
    out.append(message.substr(run, i - run));
    char octal[5];
    std::snprintf(octal, sizeof octal, "\\%03o", byte);
    out += octal;
    run = i + 1;
  }
  out.append(message.substr(run));
  return out;
}

}  // namespace tars
