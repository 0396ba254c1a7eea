#pragma once
// Tool output in JSON (SARIF, LSP WorkspaceEdit): syntax errors name the line and
// column, schema errors the JSON path of the offending value.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tars {

// Throws Error(BadInput, "<origin>:<line>:<column>: not valid JSON: ...").
nlohmann::json parse_json_input(std::string_view input, const std::string& origin);

// Field access with errors "<origin>: <path>: <what>", path like "runs[0].results[2]".
class JsonInput {
 public:
  explicit JsonInput(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const;
  std::string where(const std::string& path) const { return origin_ + ": " + path; }

  // nullptr when missing or null; fails when `object` is not an object.
  const nlohmann::json* find(const nlohmann::json& object, const char* key,
                             const std::string& path) const;
  std::string text(const nlohmann::json& object, const char* key, const std::string& path,
                   bool required = false) const;
  // An integer in [minimum, maximum], else "must be an integer from <min> to <max>": a
  // number out of range is bad input, never wrapped onto another. The default maximum,
  // 2^53 - 1, is the largest integer every JSON writer keeps exact; sums of two fit.
  std::optional<long long> integer(const nlohmann::json& object, const char* key,
                                   const std::string& path, long long minimum = 0,
                                   long long maximum = kMaxExactInteger) const;
  static constexpr long long kMaxExactInteger = (1LL << 53) - 1;
  // The array under `key`; an empty one when missing.
  const nlohmann::json& array(const nlohmann::json& object, const char* key,
                              const std::string& path) const;
  const nlohmann::json& object(const nlohmann::json& parent, const char* key,
                               const std::string& path) const;

 private:
  std::string origin_;
};

}  // namespace tars
