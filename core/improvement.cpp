#include "core/improvement.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/diagnostic_json.h"
#include "core/error.h"
#include "core/text_codec.h"

namespace tars {

using nlohmann::json;

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::Edit:
      return "edit";
    case ChangeKind::Create:
      return "create";
    case ChangeKind::Delete:
      return "delete";
    case ChangeKind::Rename:
      return "rename";
  }
  return "edit";
}

namespace {

// File contents may be any bytes (latin-1 sources, binary-ish text). JSON strings must
// be UTF-8, so text that is not is stored as {"base64": "..."} and decoded back.
json bytes_to_json(const std::string& bytes) {
  if (is_valid_utf8(bytes)) return bytes;
  return json{{"base64", base64_encode(bytes)}};
}

json change_to_json(const FileChange& change) {
  json out = {{"kind", to_string(change.kind)}, {"path", change.path}};
  if (!change.new_path.empty()) out["newPath"] = change.new_path;
  if (!change.base_hash.empty()) out["baseHash"] = change.base_hash;
  if (change.kind == ChangeKind::Create) out["content"] = bytes_to_json(change.content);
  if (change.mode) out["mode"] = *change.mode;
  if (!change.group.empty()) out["group"] = change.group;
  if (!change.edits.empty()) {
    json edits = json::array();
    for (const TextEdit& edit : change.edits)
      edits.push_back({{"offset", edit.offset},
                       {"oldText", bytes_to_json(edit.old_text)},
                       {"newText", bytes_to_json(edit.new_text)}});
    out["edits"] = edits;
  }
  return out;
}

// Reads fields with errors that name the file and the JSON path of the problem.
class Reader {
 public:
  explicit Reader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw Error(ErrorKind::BadInput, origin_ + ": " + where + ": " + what);
  }

  std::string string(const json& object, const char* key, const std::string& where,
                     bool required = false) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) fail(where, std::string("'") + key + "' is required");
      return "";
    }
    if (!it->is_string()) fail(where, std::string("'") + key + "' must be a string");
    return it->get<std::string>();
  }

  std::string bytes(const json& object, const char* key, const std::string& where) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("base64") && (*it)["base64"].is_string()) {
      auto decoded = base64_decode((*it)["base64"].get<std::string>());
      if (!decoded) fail(where, std::string("'") + key + ".base64' is not valid base64");
      return *decoded;
    }
    fail(where, std::string("'") + key + "' must be a string or {\"base64\": ...}");
  }

  std::int64_t integer(const json& object, const char* key, const std::string& where,
                       std::int64_t fallback, bool required = false) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) fail(where, std::string("'") + key + "' is required");
      return fallback;
    }
    if (!it->is_number_integer()) fail(where, std::string("'") + key + "' must be an integer");
    return it->get<std::int64_t>();
  }

  const json& array(const json& object, const char* key, const std::string& where) const {
    static const json empty = json::array();
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return empty;
    if (!it->is_array()) fail(where, std::string("'") + key + "' must be an array");
    return *it;
  }

 private:
  const std::string& origin_;
};

ChangeKind change_kind(const Reader& reader, const std::string& text, const std::string& where) {
  for (ChangeKind kind :
       {ChangeKind::Edit, ChangeKind::Create, ChangeKind::Delete, ChangeKind::Rename})
    if (to_string(kind) == text) return kind;
  reader.fail(where, "unknown kind '" + text + "' (edit, create, delete or rename)");
}

TextEdit edit_from_json(const Reader& reader, const json& item, const std::string& where) {
  if (!item.is_object()) reader.fail(where, "must be an object");
  std::int64_t offset = reader.integer(item, "offset", where, 0, true);
  if (offset < 0) reader.fail(where, "'offset' must be a non-negative integer");
  return {static_cast<std::size_t>(offset), reader.bytes(item, "oldText", where),
          reader.bytes(item, "newText", where)};
}

FileChange change_from_json(const Reader& reader, const json& item, const std::string& where) {
  if (!item.is_object()) reader.fail(where, "must be an object");
  FileChange change;
  change.kind = change_kind(reader, reader.string(item, "kind", where, true), where);
  change.path = reader.string(item, "path", where, true);
  if (change.path.empty()) reader.fail(where, "'path' must not be empty");
  change.new_path = reader.string(item, "newPath", where);
  if (change.kind == ChangeKind::Rename && change.new_path.empty())
    reader.fail(where, "a rename needs 'newPath'");
  change.base_hash = reader.string(item, "baseHash", where);
  change.content = reader.bytes(item, "content", where);
  change.group = reader.string(item, "group", where);
  std::int64_t mode = reader.integer(item, "mode", where, -1);
  if (mode >= 0) change.mode = static_cast<unsigned>(mode & 07777);
  const json& edits = reader.array(item, "edits", where);
  for (std::size_t i = 0; i < edits.size(); ++i)
    change.edits.push_back(
        edit_from_json(reader, edits[i], where + ".edits[" + std::to_string(i) + "]"));
  return change;
}

Diagnostic diagnostic_from_json(const Reader& reader, const json& item, const std::string& where) {
  if (!item.is_object()) reader.fail(where, "must be an object");
  Diagnostic d;
  d.path = reader.string(item, "path", where);
  d.line = static_cast<int>(reader.integer(item, "line", where, 0));
  d.column = static_cast<int>(reader.integer(item, "column", where, 0));
  d.end_line = static_cast<int>(reader.integer(item, "endLine", where, 0));
  d.end_column = static_cast<int>(reader.integer(item, "endColumn", where, 0));
  d.severity = reader.string(item, "severity", where);
  if (d.severity.empty()) d.severity = "error";
  d.code = reader.string(item, "code", where);
  d.message = reader.string(item, "message", where);
  d.source = reader.string(item, "source", where);
  return d;
}

bool is_safe_id(const std::string& id) {
  if (id.empty() || id.size() > 128 || id[0] == '.') return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

}  // namespace

std::string improvement_to_json(const Improvement& improvement) {
  json changes = json::array();
  for (const FileChange& change : improvement.changes) changes.push_back(change_to_json(change));
  json diagnostics = json::array();
  for (const Diagnostic& d : improvement.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  json out = {{"id", improvement.id},
              {"title", improvement.title},
              {"description", improvement.description},
              {"category", improvement.category},
              {"source", improvement.source},
              {"priority", improvement.priority},
              {"status", improvement.status},
              {"createdAt", improvement.created_at},
              {"changes", changes},
              {"diagnostics", diagnostics}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Improvement improvement_from_json(std::string_view text, const std::string& origin) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    throw Error(ErrorKind::BadInput, origin + ": not valid JSON at byte " + std::to_string(e.byte) +
                                         ": " + what.substr(what.rfind(": ") + 2));
  }
  Reader reader(origin);
  if (!root.is_object()) reader.fail("top level", "must be a JSON object");
  Improvement improvement;
  improvement.id = reader.string(root, "id", "top level", true);
  if (!is_safe_id(improvement.id))
    reader.fail("id",
                "'" + improvement.id + "' may only contain letters, digits, '.', '-' and '_'");
  improvement.title = reader.string(root, "title", "top level");
  if (improvement.title.empty()) improvement.title = improvement.id;
  improvement.description = reader.string(root, "description", "top level");
  std::string category = reader.string(root, "category", "top level");
  if (!category.empty()) improvement.category = category;
  std::string source = reader.string(root, "source", "top level");
  if (!source.empty()) improvement.source = source;
  improvement.priority = static_cast<int>(reader.integer(root, "priority", "top level", 0));
  std::string status = reader.string(root, "status", "top level");
  if (!status.empty()) improvement.status = status;
  improvement.created_at = reader.string(root, "createdAt", "top level");
  const json& changes = reader.array(root, "changes", "top level");
  for (std::size_t i = 0; i < changes.size(); ++i)
    improvement.changes.push_back(
        change_from_json(reader, changes[i], "changes[" + std::to_string(i) + "]"));
  const json& diagnostics = reader.array(root, "diagnostics", "top level");
  for (std::size_t i = 0; i < diagnostics.size(); ++i)
    improvement.diagnostics.push_back(
        diagnostic_from_json(reader, diagnostics[i], "diagnostics[" + std::to_string(i) + "]"));
  return improvement;
}

std::string apply_edits(std::string_view content, const std::vector<TextEdit>& edits) {
  std::string out;
  out.reserve(content.size());
  std::size_t cursor = 0;
  for (const TextEdit& edit : edits) {
    if (edit.offset < cursor)
      throw Error(ErrorKind::BadInput, "edits overlap at byte " + std::to_string(edit.offset));
    if (edit.offset > content.size() ||
        content.substr(edit.offset, edit.old_text.size()) != edit.old_text)
      throw Error(ErrorKind::BadInput,
                  "the text to replace is not at byte " + std::to_string(edit.offset));
    out.append(content.substr(cursor, edit.offset - cursor));
    out.append(edit.new_text);
    cursor = edit.offset + edit.old_text.size();
  }
  out.append(content.substr(cursor));
  return out;
}

}  // namespace tars
