#pragma once
// Model Context Protocol structures the MCP server reads (as lsp_types.h holds LSP's): each
// read with from_json, a wrong-typed field answered InvalidParams naming its path, unknown
// fields ignored. Also the protocol revisions spoken here and the log levels. No product
// logic.
#include <string>
#include <string_view>
#include <vector>

#include "protocol/json_reader.h"

namespace tars::protocol::mcp {

// The revisions this implementation speaks, newest first.
const std::vector<std::string>& supported_protocol_versions();
// initialize's answer: the client's revision when it is supported, else the newest.
std::string negotiate_protocol_version(const std::string& requested);

// Syslog's severities as MCP's logging names them, from "debug" (0) to "emergency" (7);
// -1 for any other name.
int log_level_rank(std::string_view level);

struct Implementation {
  std::string name;
  std::string version;
};
void from_json(const Field& field, Implementation& out);

struct InitializeParams {
  std::string protocol_version;
  json capabilities = json::object();
  Implementation client_info;
};
void from_json(const Field& field, InitializeParams& out);

// tools/call. arguments: an object (empty when left out); progress_token: the string or
// integer of params._meta.progressToken, null when the client wants no progress.
struct CallToolParams {
  std::string name;
  json arguments = json::object();
  json progress_token;
};
void from_json(const Field& field, CallToolParams& out);

// notifications/cancelled: the id of a request the client no longer waits for.
struct CancelledParams {
  json request_id;
  std::string reason;
};
void from_json(const Field& field, CancelledParams& out);

// logging/setLevel: the least severe level the client wants to receive.
struct SetLevelParams {
  std::string level;
};
void from_json(const Field& field, SetLevelParams& out);

}  // namespace tars::protocol::mcp
