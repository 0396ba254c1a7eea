#include "core/importers/json_input.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/base/error.h"

namespace tars {

using nlohmann::json;

json parse_json_input(std::string_view input, const std::string& origin) {
  try {
    return json::parse(input);
  } catch (const json::parse_error& e) {
    std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, input.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < end; ++i)
      if (input[i] == '\n') ++line, line_start = i + 1;
    std::string what = e.what();  // "[json...] parse error at line 3, column 5: <reason>"
    std::size_t colon = what.find(": ");
    throw Error(
        ErrorKind::BadInput,
        origin + ":" + std::to_string(line) + ":" + std::to_string(end - line_start + 1) +
            ": not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
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
