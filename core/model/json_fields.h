#pragma once
// The fields of a JSON object read by a SAX handler (core/improvement_json_reader.cpp):
// the last value of each known key, kept as the handler reads it and checked once the
// object has ended, with messages "<origin>: <where>: <what>".
#include <array>
#include <climits>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace tars::json_fields {

enum class FieldKind : unsigned char {
  Text,
  Bytes,  // a string, or {"base64": ...} for bytes that are not UTF-8
  Integer,
  List,
};

struct Field {
  std::string_view name;
  FieldKind kind;
};

// What a field last held: its JSON type, or for bytes how {"base64": ...} decoded.
enum class Seen : unsigned char { Missing, String, Integer, Array, Base64, BadBase64, Other };

constexpr std::size_t kMaxFields = 11;

// The object being read. Text and bytes values go straight to their `text` target.
struct FieldValues {
  std::span<const Field> fields;
  std::array<Seen, kMaxFields> seen{};
  std::array<std::int64_t, kMaxFields> integer{};
  std::array<std::string*, kMaxFields> text{};
  int current = -1;  // the field whose value comes next; -1: an unknown key

  // `targets` in the order of `fields`, null where a field holds no text.
  void start(const std::array<std::string*, kMaxFields>& targets) {
    seen.fill(Seen::Missing);
    text = targets;
    current = -1;
  }

  void key(std::string_view name) {
    current = -1;
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == name) current = static_cast<int>(i);
  }

  FieldKind kind() const { return fields[static_cast<std::size_t>(current)].kind; }
};

// "top level", "id", "changes[3]", "changes[3].edits[2]": formatted only for a message.
struct Where {
  const char* list;
  std::size_t index = std::string::npos;
  const char* sublist = nullptr;
  std::size_t subindex = 0;

  std::string text() const {
    std::string out = list;
    if (index != std::string::npos) out += "[" + std::to_string(index) + "]";
    if (sublist) out += std::string(".") + sublist + "[" + std::to_string(subindex) + "]";
    return out;
  }
};

[[noreturn]] inline void fail_at(const std::string& origin, const Where& where,
                                 const std::string& what) {
  throw Error(ErrorKind::BadInput, origin + ": " + where.text() + ": " + what);
}

// Checks the fields of one finished object. Null counts as missing.
class FieldCheck {
 public:
  FieldCheck(const std::string& origin, const FieldValues& values, Where where)
      : origin_(origin), values_(values), where_(where) {}

  [[noreturn]] void fail(const std::string& what) const { fail_at(origin_, where_, what); }

  void string(int field, bool required = false) const {
    Seen seen = values_.seen[field];
    if (seen == Seen::Missing) {
      if (required) fail(quoted(field) + " is required");
      return;
    }
    if (seen != Seen::String) fail(quoted(field) + " must be a string");
  }

  void bytes(int field) const {
    Seen seen = values_.seen[field];
    if (seen == Seen::Missing || seen == Seen::String || seen == Seen::Base64) return;
    if (seen == Seen::BadBase64) fail("'" + name(field) + ".base64' is not valid base64");
    fail(quoted(field) + " must be a string or {\"base64\": ...}");
  }

  std::int64_t integer(int field, std::int64_t fallback, bool required = false) const {
    Seen seen = values_.seen[field];
    if (seen == Seen::Missing) {
      if (required) fail(quoted(field) + " is required");
      return fallback;
    }
    if (seen != Seen::Integer) fail(quoted(field) + " must be an integer");
    return values_.integer[field];
  }

  // An int field: a number out of its range is bad input, never wrapped onto another.
  int small_integer(int field, int fallback, int minimum) const {
    std::int64_t value = integer(field, fallback);
    if (value < minimum || value > INT_MAX)
      fail(quoted(field) + " must be an integer from " + std::to_string(minimum) + " to " +
           std::to_string(INT_MAX));
    return static_cast<int>(value);
  }

  void list(int field) const {
    Seen seen = values_.seen[field];
    if (seen != Seen::Missing && seen != Seen::Array) fail(quoted(field) + " must be an array");
  }

 private:
  std::string name(int field) const { return std::string(values_.fields[field].name); }
  // Appended piece by piece: "'" + name + "'" trips GCC 12's -Wrestrict at -O3.
  std::string quoted(int field) const {
    std::string text = "'";
    text += values_.fields[field].name;
    return text += "'";
  }

  const std::string& origin_;
  const FieldValues& values_;
  Where where_;
};

}  // namespace tars::json_fields
