#pragma once
// LSP 3.17 structures the server reads and writes (clangd's Protocol.h, in small): each
// read with from_json (a wrong-typed field is InvalidParams naming its path; unknown fields
// are ignored) or written with to_json. Only what tars-lsp uses; no product logic.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/json_reader.h"

namespace tars::protocol {

struct Position {
  std::int64_t line = 0;
  std::int64_t character = 0;  // in the negotiated position encoding
};
void from_json(const Field& field, Position& out);
void to_json(json& out, const Position& position);

struct Range {
  Position start;
  Position end;
};
void from_json(const Field& field, Range& out);
void to_json(json& out, const Range& range);

struct TextDocumentIdentifier {
  std::string uri;
};
void from_json(const Field& field, TextDocumentIdentifier& out);

struct VersionedTextDocumentIdentifier {
  std::string uri;
  std::optional<std::int64_t> version;
};
void from_json(const Field& field, VersionedTextDocumentIdentifier& out);

struct TextDocumentItem {
  std::string uri;
  std::int64_t version = 0;
  std::string text;
};
void from_json(const Field& field, TextDocumentItem& out);

struct DidOpenTextDocumentParams {
  TextDocumentItem text_document;
};
void from_json(const Field& field, DidOpenTextDocumentParams& out);

struct TextDocumentContentChangeEvent {
  std::optional<Range> range;  // none: the whole text
  std::string text;
};
void from_json(const Field& field, TextDocumentContentChangeEvent& out);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier text_document;
  std::vector<TextDocumentContentChangeEvent> content_changes;
};
void from_json(const Field& field, DidChangeTextDocumentParams& out);

// didClose and didSave: only the document matters here.
struct TextDocumentParams {
  TextDocumentIdentifier text_document;
};
void from_json(const Field& field, TextDocumentParams& out);

// A diagnostic the client sends back in a code action request: as sent (to be echoed in
// an action), with the fields a server matches on read leniently.
struct ContextDiagnostic {
  json sent;
  std::int64_t line = -1;  // range.start.line, -1 when not given
  std::string source;
  std::string code;  // when a string
  std::string message;
};
void from_json(const Field& field, ContextDiagnostic& out);

// Read leniently: what a client sends here varies, and none of it may fail the request.
struct CodeActionContext {
  std::vector<ContextDiagnostic> diagnostics;  // objects only
  std::vector<std::string> only;               // empty: every kind
  std::int64_t trigger_kind = 1;               // 1 invoked, 2 automatic
};
void from_json(const Field& field, CodeActionContext& out);

struct CodeActionParams {
  TextDocumentIdentifier text_document;
  Range range;
  CodeActionContext context;
};
void from_json(const Field& field, CodeActionParams& out);

// What the client said it supports, read leniently (a field of another type is "no").
struct ClientCapabilities {
  std::vector<std::string> position_encodings;  // general.positionEncodings
  bool literal_actions = false;                 // CodeAction literals, else plain Commands
  bool disabled_support = false;                // CodeAction.disabled
  bool data_support = false;                    // CodeAction.data
  bool resolve_command = false;                 // codeAction/resolve may fill in `command`
  bool work_done_progress = false;
  bool message_actions = false;  // window/showMessageRequest with actions
};
void from_json(const Field& field, ClientCapabilities& out);

struct WorkspaceFolder {
  std::string uri;
};
void from_json(const Field& field, WorkspaceFolder& out);

struct InitializeParams {
  std::int64_t process_id = 0;  // 0: none given
  std::optional<std::string> root_uri;
  std::optional<std::string> root_path;
  std::vector<WorkspaceFolder> workspace_folders;
  ClientCapabilities capabilities;
  json initialization_options = json::object();  // always an object
};
void from_json(const Field& field, InitializeParams& out);

// codeAction/resolve: the action as the client holds it, and the `data` the server gave it
// ({} when there is none).
struct CodeActionResolveParams {
  json action;
  json data = json::object();
};
void from_json(const Field& field, CodeActionResolveParams& out);

// $/cancelRequest.
struct CancelParams {
  json id;  // integer or string
};
void from_json(const Field& field, CancelParams& out);

struct WorkDoneProgressCancelParams {
  json token;  // integer or string
};
void from_json(const Field& field, WorkDoneProgressCancelParams& out);

struct ExecuteCommandParams {
  std::string command;
  json argument = json::object();  // arguments[0], {} when there is none
};
void from_json(const Field& field, ExecuteCommandParams& out);

struct Diagnostic {
  Range range;
  int severity = 1;  // 1 error .. 4 hint
  std::string source;
  std::string code;  // left out when empty
  std::string message;
  json related_information;  // left out when null
};
void to_json(json& out, const Diagnostic& diagnostic);

struct Command {
  std::string title;
  std::string command;
  json arguments = json::array();
};
void to_json(json& out, const Command& command);

struct CodeAction {
  std::string title;
  std::string kind;
  std::vector<json> diagnostics;  // left out when empty
  bool is_preferred = false;
  std::string disabled_reason;  // left out when empty
  std::optional<Command> command;
  json data;  // left out when null
};
void to_json(json& out, const CodeAction& action);

}  // namespace tars::protocol
