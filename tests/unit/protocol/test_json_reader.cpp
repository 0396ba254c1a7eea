#include <doctest/doctest.h>

#include "protocol/lsp_types.h"
#include "read_error.h"

using namespace tars::protocol;

using tars::test::error_reading;

TEST_CASE("a wrong-typed or missing field is InvalidParams naming its path") {
  CHECK(error_reading<TextDocumentParams>({{"textDocument", {{"uri", 5}}}}) ==
        "params.textDocument.uri must be a string");
  CHECK(error_reading<TextDocumentParams>(json::object()) == "params.textDocument is required");
  CHECK(error_reading<TextDocumentParams>(nullptr) == "params must be an object");
  json range = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", "x"}}}};
  CHECK(error_reading<CodeActionParams>(
            {{"textDocument", {{"uri", "file:///a"}}}, {"range", range}}) ==
        "params.range.end.line must be an integer");
  json changes = {{"textDocument", {{"uri", "u"}}},
                  {"contentChanges", {{{"text", "a"}}, {{"text", true}}}}};
  CHECK(error_reading<DidChangeTextDocumentParams>(changes) ==
        "params.contentChanges[1].text must be a string");
  changes["contentChanges"] = 7;
  CHECK(error_reading<DidChangeTextDocumentParams>(changes) ==
        "params.contentChanges must be an array");
  CHECK(error_reading<ExecuteCommandParams>({{"command", 5}}) == "params.command must be a string");
}

TEST_CASE("optional fields: absent or null leave the default; unknown fields are ignored") {
  auto item = parse<DidOpenTextDocumentParams>(
      {{"textDocument", {{"uri", "u"}, {"version", nullptr}, {"text", "t"}, {"extra", 1}}}},
      "params");
  CHECK(item.text_document.version == 0);
  CHECK(item.text_document.text == "t");
  auto change = parse<DidChangeTextDocumentParams>(
      {{"textDocument", {{"uri", "u"}, {"version", 4}}},
       {"contentChanges", {{{"text", "whole"}}, {{"range", nullptr}, {"text", "again"}}}}},
      "params");
  CHECK(change.text_document.version == 4);
  REQUIRE(change.content_changes.size() == 2);
  CHECK_FALSE(change.content_changes[0].range);
  CHECK_FALSE(change.content_changes[1].range);
}

TEST_CASE("a code action context is read leniently: nothing in it fails the request") {
  json range = {{"start", {{"line", 1}, {"character", 2}}},
                {"end", {{"line", 1}, {"character", 4}}}};
  json base = {{"textDocument", {{"uri", "file:///a"}}}, {"range", range}};
  json odd = base;
  odd["context"] = {{"diagnostics", "no"}, {"only", 5}, {"triggerKind", "x"}};
  auto params = parse<CodeActionParams>(odd, "params");
  CHECK(params.context.diagnostics.empty());
  CHECK(params.context.only.empty());
  CHECK(params.context.trigger_kind == 1);
  CHECK(params.range.end.character == 4);

  json sent = base;
  sent["context"] = {{"diagnostics",
                      {{{"source", "tars"},
                        {"code", "imp-1"},
                        {"message", "m"},
                        {"range", {{"start", {{"line", 3}}}}}},
                       {{"code", 17}},
                       "not an object"}},
                     {"only", {"quickfix", 3}},
                     {"triggerKind", 2}};
  params = parse<CodeActionParams>(sent, "params");
  REQUIRE(params.context.diagnostics.size() == 2);
  CHECK(params.context.diagnostics[0].code == "imp-1");
  CHECK(params.context.diagnostics[0].line == 3);
  CHECK(params.context.diagnostics[0].sent == sent["context"]["diagnostics"][0]);
  CHECK(params.context.diagnostics[1].code.empty());
  CHECK(params.context.diagnostics[1].line == -1);
  CHECK(params.context.only == std::vector<std::string>{"quickfix"});
  CHECK(params.context.trigger_kind == 2);
}

TEST_CASE("initialize: capabilities and options of the wrong type are 'not supported'") {
  auto plain = parse<InitializeParams>(nullptr, "params");
  CHECK(plain.process_id == 0);
  CHECK_FALSE(plain.root_uri);
  CHECK(plain.initialization_options == json::object());

  json params = {{"processId", "not a number"},
                 {"rootUri", "file:///w"},
                 {"workspaceFolders", {{{"uri", "file:///f"}, {"name", "f"}}}},
                 {"initializationOptions", {{"hints", true}}},
                 {"capabilities",
                  {{"general", {{"positionEncodings", {"utf-8", 8}}}},
                   {"textDocument",
                    {{"codeAction",
                      {{"codeActionLiteralSupport", json::object()},
                       {"disabledSupport", "yes"},
                       {"dataSupport", true},
                       {"resolveSupport", {{"properties", {"edit", "command"}}}}}}}},
                   {"window", {{"workDoneProgress", true}, {"showMessage", 3}}}}}};
  auto read = parse<InitializeParams>(params, "params");
  CHECK(read.process_id == 0);
  CHECK(read.root_uri == "file:///w");
  REQUIRE(read.workspace_folders.size() == 1);
  CHECK(read.workspace_folders[0].uri == "file:///f");
  CHECK(read.initialization_options["hints"] == true);
  const ClientCapabilities& client = read.capabilities;
  CHECK(client.position_encodings == std::vector<std::string>{"utf-8"});
  CHECK(client.literal_actions);
  CHECK_FALSE(client.disabled_support);
  CHECK(client.data_support);
  CHECK(client.resolve_command);
  CHECK(client.work_done_progress);
  CHECK_FALSE(client.message_actions);
}

TEST_CASE("executeCommand: the first argument, or an empty object") {
  auto call = parse<ExecuteCommandParams>({{"command", "c"}, {"arguments", {5, 6}}}, "params");
  CHECK(call.argument == 5);
  CHECK(parse<ExecuteCommandParams>({{"command", "c"}}, "params").argument == json::object());
  CHECK(parse<ExecuteCommandParams>({{"command", "c"}, {"arguments", "x"}}, "params").argument ==
        json::object());
}

TEST_CASE("written structs leave out what is empty") {
  Diagnostic diagnostic;
  diagnostic.range = {{1, 2}, {1, 3}};
  diagnostic.severity = 4;
  diagnostic.source = "tars";
  diagnostic.message = "m";
  json written = diagnostic;
  CHECK(written == json::parse(R"({"range":{"start":{"line":1,"character":2},
    "end":{"line":1,"character":3}},"severity":4,"source":"tars","message":"m"})"));
  CodeAction action;
  action.title = "t";
  action.kind = "quickfix";
  action.command = Command{"t", "tars.execute", json::array({1})};
  CHECK(json(action) == json::parse(R"({"title":"t","kind":"quickfix",
    "command":{"title":"t","command":"tars.execute","arguments":[1]}})"));
  action.disabled_reason = "stale";
  action.is_preferred = true;
  CHECK(json(action)["disabled"] == json{{"reason", "stale"}});
  CHECK(json(action)["isPreferred"] == true);
}

TEST_CASE("codeAction/resolve keeps the action as sent, with its data or {}") {
  json action = {{"title", "t"}, {"data", {{"command", {{"command", "x"}}}}}, {"extra", 1}};
  auto read = parse<CodeActionResolveParams>(action, "params");
  CHECK(read.action == action);
  CHECK(read.data["command"]["command"] == "x");
  CHECK(parse<CodeActionResolveParams>({{"data", 5}}, "params").data == json::object());
  CHECK(parse<CodeActionResolveParams>(json::array(), "params").data == json::object());
  CHECK(error_reading<CancelParams>(json::object()) == "params.id is required");
}
