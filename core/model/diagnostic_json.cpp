#include "core/model/diagnostic_json.h"

#include <nlohmann/json.hpp>

namespace tars {

nlohmann::json diagnostic_to_json(const Diagnostic& d) {
  return {{"path", d.path},
          {"line", d.line},
          {"column", d.column},
          {"endLine", d.end_line},
          {"endColumn", d.end_column},
          {"severity", d.severity},
          {"code", d.code},
          {"message", d.message},
          {"source", d.source}};
}

namespace {

template <typename T>
T field(const nlohmann::json& item, const char* key, T fallback) {
  auto it = item.find(key);
  if (it == item.end()) return fallback;
  if constexpr (std::is_same_v<T, int>)
    return it->is_number_integer() ? it->get<int>() : fallback;
  else
    return it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

Diagnostic diagnostic_from_json(const nlohmann::json& item) {
  Diagnostic d;
  if (!item.is_object()) return d;
  d.path = field<std::string>(item, "path", "");
  d.line = field(item, "line", 0);
  d.column = field(item, "column", 0);
  d.end_line = field(item, "endLine", 0);
  d.end_column = field(item, "endColumn", 0);
  d.severity = field<std::string>(item, "severity", "error");
  d.code = field<std::string>(item, "code", "");
  d.message = field<std::string>(item, "message", "");
  d.source = field<std::string>(item, "source", "");
  return d;
}

}  // namespace tars
