#include "core/importers/json_input.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/base/error.h"

namespace tars {

using nlohmann::json;

namespace {

// nlohmann's own DOM builder, keeping the first error and where it happened instead of
// throwing it: a number too large for a double ("1e999") is an out_of_range error that
// carries no position of its own, and once escaped as one that is not Error(BadInput).
class DomBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit DomBuilder(json& root) : json_sax_dom_parser(root, false) {}

  template <typename Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    position_ = position;
    reason_ = error.what();  // "[json.exception.<kind>.<id>] <reason>"
    if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>) number_ = token;
    return false;
  }

  // The byte the error is at: the start of a number out of range, else the last byte read.
  std::size_t offset(std::string_view input) const {
    std::size_t last = std::min(position_ == 0 ? 0 : position_ - 1, input.size());
    std::size_t start = number_.empty() ? std::string_view::npos : input.rfind(number_, last);
    return start == std::string_view::npos ? last : start;
  }
  // Without nlohmann's prefix, and for syntax errors without "parse error at line L,
  // column C: " (the caller names the place).
  std::string reason() const {
    std::string reason = reason_.substr(std::min(reason_.find("] ") + 2, reason_.size()));
    std::size_t colon = reason.find(": ");
    return reason.starts_with("parse error") && colon != std::string::npos
               ? reason.substr(colon + 2)
               : reason;
  }

 private:
  std::size_t position_ = 0;
  std::string reason_;
  std::string number_;  // the token of an out_of_range error
};

}  // namespace

json parse_json_input(std::string_view input, const std::string& origin) {
  json root;
  DomBuilder builder(root);
  if (json::sax_parse(input, &builder)) return root;
  std::size_t end = builder.offset(input);
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < end; ++i)
    if (input[i] == '\n') ++line, line_start = i + 1;
  throw Error(ErrorKind::BadInput, origin + ":" + std::to_string(line) + ":" +
                                       std::to_string(end - line_start + 1) +
                                       ": not valid JSON: " + builder.reason());
}

void JsonInput::fail(const std::string& path, const std::string& what) const {
  throw Error(ErrorKind::BadInput, where(path) + ": " + what);
}

const json* JsonInput::find(const json& object, const char* key, const std::string& path) const {
  if (!object.is_object()) fail(path, "must be an object");
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string JsonInput::text(const json& object, const char* key, const std::string& path,
                            bool required) const {
  const json* value = find(object, key, path);
  if (!value) {
    if (required) fail(path, std::string("'") + key + "' is required");
    return "";
  }
  if (!value->is_string()) fail(path + "." + key, "must be a string");
  return value->get<std::string>();
}

std::optional<long long> JsonInput::integer(const json& object, const char* key,
                                            const std::string& path, long long minimum,
                                            long long maximum) const {
  const json* value = find(object, key, path);
  if (!value) return std::nullopt;
  // Above 2^63 - 1 a number is unsigned, and would wrap as a long long.
  bool in_range = value->is_number_integer() &&
                  !(value->is_number_unsigned() &&
                    value->get<unsigned long long>() > static_cast<unsigned long long>(maximum));
  if (!in_range || value->get<long long>() < minimum || value->get<long long>() > maximum)
    fail(path + "." + key,
         "must be an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum));
  return value->get<long long>();
}

const json& JsonInput::array(const json& object, const char* key, const std::string& path) const {
  static const json empty = json::array();
  const json* value = find(object, key, path);
  if (!value) return empty;
  if (!value->is_array()) fail(path + "." + key, "must be an array");
  return *value;
}

const json& JsonInput::object(const json& parent, const char* key, const std::string& path) const {
  const json* value = find(parent, key, path);
  if (!value) fail(path, std::string("'") + key + "' is required");
  if (!value->is_object()) fail(path + "." + key, "must be an object");
  return *value;
}

}  // namespace tars
