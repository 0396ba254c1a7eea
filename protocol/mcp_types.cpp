#include "protocol/mcp_types.h"

#include <algorithm>
#include <array>

namespace tars::protocol::mcp {

namespace {

constexpr std::array<std::string_view, 8> kLogLevels = {"debug", "info",     "notice", "warning",
                                                        "error", "critical", "alert",  "emergency"};

// A JSON-RPC id or progress token: a string or an integer.
json string_or_integer(const Field& field) {
  if (!field.value().is_string() && !field.value().is_number_integer())
    field.fail("must be a string or an integer");
  return field.value();
}

}  // namespace

const std::vector<std::string>& supported_protocol_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                    "2024-11-05"};
  return versions;
}

std::string negotiate_protocol_version(const std::string& requested) {
  const auto& versions = supported_protocol_versions();
  bool known = std::find(versions.begin(), versions.end(), requested) != versions.end();
  return known ? requested : versions.front();
}

int log_level_rank(std::string_view level) {
  auto it = std::find(kLogLevels.begin(), kLogLevels.end(), level);
  return it == kLogLevels.end() ? -1 : static_cast<int>(it - kLogLevels.begin());
}

void from_json(const Field& field, Implementation& out) {
  field.lenient("name", out.name);
  field.lenient("version", out.version);
}

void from_json(const Field& field, InitializeParams& out) {
  field.required("protocolVersion", out.protocol_version);
  if (field.has("capabilities") && field.at("capabilities").value().is_object())
    out.capabilities = field.at("capabilities").value();
  if (field.has("clientInfo")) field.required("clientInfo", out.client_info);
}

void from_json(const Field& field, CallToolParams& out) {
  field.required("name", out.name);
  if (field.has("arguments")) {
    Field arguments = field.at("arguments");
    if (!arguments.value().is_object()) arguments.fail("must be an object");
    out.arguments = arguments.value();
  }
  if (!field.has("_meta")) return;
  Field meta = field.at("_meta");
  if (!meta.value().is_object()) meta.fail("must be an object");
  if (meta.has("progressToken")) out.progress_token = string_or_integer(meta.at("progressToken"));
}

void from_json(const Field& field, CancelledParams& out) {
  out.request_id = string_or_integer(field.at("requestId"));
  field.lenient("reason", out.reason);
}

void from_json(const Field& field, SetLevelParams& out) {
  field.required("level", out.level);
  if (log_level_rank(out.level) < 0)
    field.at("level").fail(
        "must be one of debug, info, notice, warning, error, critical, "
        "alert, emergency");
}

}  // namespace tars::protocol::mcp
