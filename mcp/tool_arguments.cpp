#include "mcp/tool_arguments.h"

#include <algorithm>
#include <initializer_list>

namespace tars::mcp {

namespace {

// Fails on the first key of the object that is not one of `known`.
void only(const protocol::Field& field, std::initializer_list<std::string_view> known) {
  if (!field.value().is_object()) field.fail("must be an object");
  for (const auto& [key, value] : field.value().items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string names;
    for (std::string_view name : known) names += (names.empty() ? "" : ", ") + std::string(name);
    field.fail("has an unknown argument '" + key + "' (known: " + names + ")");
  }
}

void non_empty(const protocol::Field& field, const char* key, const std::string& value) {
  if (value.empty()) field.at(key).fail("must not be empty");
}

}  // namespace

void from_json(const protocol::Field& field, ListArguments& out) {
  only(field, {"status"});
  field.optional("status", out.status);
}

void from_json(const protocol::Field& field, TextReplacement& out) {
  only(field, {"path", "oldText", "newText"});
  field.required("path", out.path);
  field.required("oldText", out.old_text);
  field.required("newText", out.new_text);
  non_empty(field, "oldText", out.old_text);
}

void from_json(const protocol::Field& field, FileContent& out) {
  only(field, {"path", "content"});
  field.required("path", out.path);
  field.at("content");  // required, but may be null
  field.optional("content", out.content);
}

void from_json(const protocol::Field& field, ProposeArguments& out) {
  only(field, {"title", "description", "patch", "edits", "files"});
  field.required("title", out.title);
  non_empty(field, "title", out.title);
  field.optional("description", out.description);
  field.optional("patch", out.patch);
  field.optional("edits", out.edits);
  field.optional("files", out.files);
  int given = (out.patch ? 1 : 0) + (field.has("edits") ? 1 : 0) + (field.has("files") ? 1 : 0);
  if (given != 1) field.fail("needs exactly one of patch, edits and files");
  if (field.has("edits") && out.edits.empty()) field.at("edits").fail("must not be empty");
  if (field.has("files") && out.files.empty()) field.at("files").fail("must not be empty");
}

void from_json(const protocol::Field& field, ExecuteArguments& out) {
  only(field, {"ids", "dryRun", "validate", "autoRollback"});
  field.required("ids", out.ids);
  if (out.ids.empty()) field.at("ids").fail("must name at least one improvement");
  field.optional("dryRun", out.dry_run);
  field.optional("validate", out.validate);
  field.optional("autoRollback", out.auto_rollback);
}

void from_json(const protocol::Field& field, StatusArguments& out) {
  only(field, {"contextId"});
  field.optional("contextId", out.context_id);
}

void from_json(const protocol::Field& field, ReviewArguments& out) {
  only(field, {"contextId"});
  field.required("contextId", out.context_id);
}

void from_json(const protocol::Field& field, RollbackArguments& out) {
  only(field, {"contextId", "transactionId", "path"});
  field.required("contextId", out.context_id);
  field.optional("transactionId", out.transaction_id);
  field.optional("path", out.path);
  if (out.transaction_id && out.path) field.fail("takes transactionId or path, not both");
}

}  // namespace tars::mcp
