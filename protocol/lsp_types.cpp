#include "protocol/lsp_types.h"

#include <algorithm>

namespace tars::protocol {

namespace {

// The object under `key`, or an empty one: lenient reads never fail.
const json& object_at(const json& object, const char* key) {
  static const json empty = json::object();
  if (!object.is_object()) return empty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : empty;
}

bool flag_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

bool array_holds(const json& array, const char* value) {
  return array.is_array() && std::find(array.begin(), array.end(), value) != array.end();
}

}  // namespace

void from_json(const Field& field, Position& out) {
  field.required("line", out.line);
  field.required("character", out.character);
}

void to_json(json& out, const Position& position) {
  out = {{"line", position.line}, {"character", position.character}};
}

void from_json(const Field& field, Range& out) {
  field.required("start", out.start);
  field.required("end", out.end);
}

void to_json(json& out, const Range& range) {
  out = {{"start", range.start}, {"end", range.end}};
}

void from_json(const Field& field, TextDocumentIdentifier& out) {
  field.required("uri", out.uri);
}

void from_json(const Field& field, VersionedTextDocumentIdentifier& out) {
  field.required("uri", out.uri);
  field.optional("version", out.version);
}

void from_json(const Field& field, TextDocumentItem& out) {
  field.required("uri", out.uri);
  field.optional("version", out.version);
  field.required("text", out.text);
}

void from_json(const Field& field, DidOpenTextDocumentParams& out) {
  field.required("textDocument", out.text_document);
}

void from_json(const Field& field, TextDocumentContentChangeEvent& out) {
  field.optional("range", out.range);
  field.required("text", out.text);
}

void from_json(const Field& field, DidChangeTextDocumentParams& out) {
  field.required("textDocument", out.text_document);
  field.required("contentChanges", out.content_changes);
}

void from_json(const Field& field, TextDocumentParams& out) {
  field.required("textDocument", out.text_document);
}

void from_json(const Field& field, ContextDiagnostic& out) {
  out.sent = field.value();
  Field(object_at(object_at(out.sent, "range"), "start"), "start").lenient("line", out.line);
  field.lenient("source", out.source);
  field.lenient("code", out.code);
  field.lenient("message", out.message);
}

void from_json(const Field& field, CodeActionContext& out) {
  const json& context = field.value();
  if (!context.is_object()) return;
  auto diagnostics = context.find("diagnostics");
  if (diagnostics != context.end() && diagnostics->is_array())
    for (const json& diagnostic : *diagnostics)
      if (diagnostic.is_object())
        out.diagnostics.push_back(Field(diagnostic, "").as<ContextDiagnostic>());
  auto only = context.find("only");
  if (only != context.end() && only->is_array())
    for (const json& kind : *only)
      if (kind.is_string()) out.only.push_back(kind.get<std::string>());
  field.lenient("triggerKind", out.trigger_kind);
}

void from_json(const Field& field, CodeActionParams& out) {
  field.required("textDocument", out.text_document);
  field.required("range", out.range);
  from_json(Field(object_at(field.value(), "context"), field.path() + ".context"), out.context);
}

void from_json(const Field& field, ClientCapabilities& out) {
  const json& capabilities = field.value();
  const json& encodings = object_at(capabilities, "general").value("positionEncodings", json());
  if (encodings.is_array())
    for (const json& offered : encodings)
      if (offered.is_string()) out.position_encodings.push_back(offered.get<std::string>());
  const json& code_action = object_at(object_at(capabilities, "textDocument"), "codeAction");
  out.literal_actions = code_action.contains("codeActionLiteralSupport");
  out.disabled_support = flag_at(code_action, "disabledSupport");
  out.data_support = flag_at(code_action, "dataSupport");
  out.resolve_command =
      array_holds(object_at(code_action, "resolveSupport").value("properties", json()), "command");
  const json& window = object_at(capabilities, "window");
  out.work_done_progress = flag_at(window, "workDoneProgress");
  out.message_actions = object_at(window, "showMessage").contains("messageActionItem");
}

void from_json(const Field& field, WorkspaceFolder& out) {
  field.required("uri", out.uri);
}

void from_json(const Field& field, InitializeParams& out) {
  field.lenient("processId", out.process_id);
  field.optional("rootUri", out.root_uri);
  field.optional("rootPath", out.root_path);
  field.optional("workspaceFolders", out.workspace_folders);
  const json& params = field.value();
  from_json(Field(object_at(params, "capabilities"), field.path() + ".capabilities"),
            out.capabilities);
  out.initialization_options = object_at(params, "initializationOptions");
}

void from_json(const Field& field, CodeActionResolveParams& out) {
  out.action = field.value();
  out.data = object_at(out.action, "data");
}

void from_json(const Field& field, CancelParams& out) {
  field.required("id", out.id);
}

void from_json(const Field& field, WorkDoneProgressCancelParams& out) {
  field.required("token", out.token);
}

void from_json(const Field& field, ExecuteCommandParams& out) {
  field.required("command", out.command);
  const json& arguments = field.value().value("arguments", json());
  out.argument = arguments.is_array() && !arguments.empty() ? arguments[0] : json::object();
}

void to_json(json& out, const Diagnostic& diagnostic) {
  out = {{"range", diagnostic.range},
         {"severity", diagnostic.severity},
         {"source", diagnostic.source},
         {"message", diagnostic.message}};
  if (!diagnostic.code.empty()) out["code"] = diagnostic.code;
  if (!diagnostic.related_information.is_null())
    out["relatedInformation"] = diagnostic.related_information;
}

void to_json(json& out, const Command& command) {
  out = {{"title", command.title}, {"command", command.command}, {"arguments", command.arguments}};
}

void to_json(json& out, const CodeAction& action) {
  out = {{"title", action.title}, {"kind", action.kind}};
  if (!action.diagnostics.empty()) out["diagnostics"] = action.diagnostics;
  if (action.is_preferred) out["isPreferred"] = true;
  if (!action.disabled_reason.empty()) out["disabled"] = {{"reason", action.disabled_reason}};
  if (action.command) out["command"] = *action.command;
  if (!action.data.is_null()) out["data"] = action.data;
}

}  // namespace tars::protocol
