#include "core/importers/formats.h"

#include <climits>
#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/base/file_uri.h"
#include "core/importers/import_support.h"
#include "core/importers/json_input.h"
#include "core/importers/json_path_position.h"
#include "core/importers/transaction_units.h"

namespace tars {

using nlohmann::json;

namespace {

class LspEditImporter : public Importer {
 public:
  std::string_view format() const override { return "lsp"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

FileChange change_of(ChangeKind kind, const std::string& path, const std::string& base_hash) {
  FileChange change;
  change.kind = kind;
  change.path = path;
  change.base_hash = base_hash;
  if (kind == ChangeKind::Create) change.mode = 0644;
  return change;
}

// Builds the file changes of a WorkspaceEdit in its order: a TextDocumentEdit of a file
// created or renamed before lands in that change.
class EditBuilder {
 public:
  EditBuilder(const JsonInput& input, ImportFiles& files, CharUnit encoding)
      : input_(input), files_(files), encoding_(encoding) {}

  void document_change(const json& change, const std::string& path) {
    std::string kind = input_.text(change, "kind", path);
    if (kind.empty()) {
      const json& document = input_.object(change, "textDocument", path);
      text_edits(input_.text(document, "uri", path + ".textDocument", true),
                 input_.array(change, "edits", path), path + ".edits");
    } else if (kind == "create") {
      create(change, path);
    } else if (kind == "rename") {
      rename(change, path);
    } else if (kind == "delete") {
      remove(change, path);
    } else {
      input_.fail(path + ".kind", "must be create, rename or delete, not '" + kind + "'");
    }
  }

  void text_edits(const std::string& uri, const json& edits, const std::string& path) {
    auto file = workspace_path(uri, path);
    if (!file || edits.empty()) return;
    FileChange* change = change_at(*file);
    if (change && change->kind == ChangeKind::Delete)
      input_.fail(path, *file + " is deleted by an earlier change of this edit");
    if (change && !change->edits.empty())
      input_.fail(
          path, "a second TextDocumentEdit for " + *file + " (merge its edits into the first one)");
    if (change && change->kind == ChangeKind::Create) {
      change->content =
          apply_edits(change->content, settled_edits(*file, change->content, edits, path, false));
      return;
    }
    std::string base = change ? change->path : *file;  // a renamed file's edits apply to its source
    const std::string& content = files_.content(base, input_.where(path));
    std::vector<TextEdit> settled = settled_edits(base, content, edits, path, true);
    if (!change) change = &add(change_of(ChangeKind::Edit, base, files_.base_hash(base)), *file);
    change->edits = std::move(settled);
  }

  std::vector<FileChange> take() {
    std::vector<FileChange> out;
    for (FileChange& change : changes_)
      if (!change.path.empty()) out.push_back(std::move(change));
    return out;
  }

 private:
  std::optional<std::string> workspace_path(const std::string& uri, const std::string& path) {
    auto file = path_of_uri(uri);
    if (!file) input_.fail(path, "'" + uri + "' is not a file: URI");
    return files_.canonical(*file, "", input_.where(path));
  }

  FileChange* change_at(const std::string& file) {
    auto it = change_of_path_.find(file);
    return it == change_of_path_.end() ? nullptr : &changes_[it->second];
  }

  FileChange& add(FileChange change, const std::string& current_path) {
    change_of_path_[current_path] = changes_.size();
    changes_.push_back(std::move(change));
    return changes_.back();
  }

  // Whether the file exists at this point of the edit (earlier changes applied).
  bool exists_now(const std::string& file) {
    if (FileChange* change = change_at(file)) return change->kind != ChangeKind::Delete;
    for (const FileChange& change : changes_)
      if (change.kind == ChangeKind::Rename && change.path == file) return false;
    return files_.exists(file);
  }

  bool option(const json& change, const char* name, const std::string& path) {
    const json* options = input_.find(change, "options", path);
    if (!options) return false;
    const json* value = input_.find(*options, name, path + ".options");
    if (value && !value->is_boolean()) input_.fail(path + ".options." + name, "must be a boolean");
    return value && value->get<bool>();
  }

  void create(const json& change, const std::string& path) {
    auto file = workspace_path(input_.text(change, "uri", path, true), path);
    if (!file) return;
    if (exists_now(*file)) {
      if (option(change, "overwrite", path)) {
        text_edits_replacing_all(*file, path);
        return;
      }
      if (option(change, "ignoreIfExists", path)) return;
      input_.fail(path, *file + " already exists (set options.overwrite or ignoreIfExists)");
    }
    if (FileChange* deleted = change_at(*file)) {  // delete, then create: an emptied file
      deleted->kind = ChangeKind::Edit;
      const std::string& content = files_.content(*file, input_.where(path));
      if (!content.empty()) deleted->edits.push_back({0, content, ""});
      return;
    }
    add(change_of(ChangeKind::Create, *file, ""), *file);
  }

  // CreateFile with overwrite over an existing file empties it.
  void text_edits_replacing_all(const std::string& file, const std::string& path) {
    if (change_at(file)) input_.fail(path, "overwriting " + file + " after changing it");
    const std::string& content = files_.content(file, input_.where(path));
    FileChange& change = add(change_of(ChangeKind::Edit, file, files_.base_hash(file)), file);
    if (!content.empty()) change.edits.push_back({0, content, ""});
  }

  void rename(const json& change, const std::string& path) {
    auto from = workspace_path(input_.text(change, "oldUri", path, true), path);
    auto to = workspace_path(input_.text(change, "newUri", path, true), path);
    if (!from || !to) return;
    if (!exists_now(*from)) input_.fail(path, *from + " does not exist");
    if (exists_now(*to)) {
      if (option(change, "ignoreIfExists", path) && !option(change, "overwrite", path)) return;
      input_.fail(path, *to + " already exists (renaming over a file is not supported)");
    }
    FileChange* earlier = change_at(*from);
    if (earlier && earlier->kind != ChangeKind::Edit)
      input_.fail(path, "renaming " + *from + " after creating or renaming it is not supported");
    if (!earlier) {
      files_.content(*from, input_.where(path));
      earlier = &add(change_of(ChangeKind::Edit, *from, files_.base_hash(*from)), *from);
    }
    earlier->kind = ChangeKind::Rename;
    earlier->new_path = *to;
    std::size_t index = change_of_path_.at(*from);
    change_of_path_.erase(*from);
    change_of_path_[*to] = index;
  }

  void remove(const json& change, const std::string& path) {
    auto file = workspace_path(input_.text(change, "uri", path, true), path);
    if (!file) return;
    if (!exists_now(*file)) {
      if (option(change, "ignoreIfNotExists", path)) return;
      input_.fail(path, *file + " does not exist");
    }
    std::error_code error;
    if (fs::is_directory(files_.workspace().resolve(*file), error))
      input_.fail(path, *file + " is a directory; only files can be deleted");
    if (FileChange* earlier = change_at(*file)) {
      if (earlier->kind == ChangeKind::Create) {
        *earlier = FileChange{};
        change_of_path_.erase(*file);
        return;
      }
      if (earlier->kind == ChangeKind::Rename)
        input_.fail(path, "deleting " + *file + " after renaming it is not supported");
      earlier->edits.clear();
      earlier->kind = ChangeKind::Delete;
      return;
    }
    files_.content(*file, input_.where(path));
    add(change_of(ChangeKind::Delete, *file, files_.base_hash(*file)), *file);
  }

  std::size_t offset_of(const json& position, const LineLocator& lines, const std::string& path) {
    // LSP positions are uintegers: 0 to 2^31 - 1.
    long long line = input_.integer(position, "line", path, 0, INT_MAX).value_or(-1);
    long long character = input_.integer(position, "character", path, 0, INT_MAX).value_or(-1);
    if (line < 0 || character < 0) input_.fail(path, "needs 'line' and 'character'");
    if (static_cast<std::size_t>(line) >= lines.line_count())
      input_.fail(path, "line " + std::to_string(line) + " is past the end of the document (" +
                            std::to_string(lines.line_count()) + " lines)");
    return lines.offset({static_cast<int>(line), static_cast<int>(character)}, encoding_);
  }

  // The edits of one TextDocumentEdit, all relative to `content`. Insertions at the same
  // position keep their order, as LSP specifies.
  std::vector<TextEdit> settled_edits(const std::string& file, const std::string& content,
                                      const json& edits, const std::string& path, bool known) {
    LineLocator owned(content, true);
    const LineLocator& lines = known ? files_.locator(file, true) : owned;
    Fix fix;
    std::map<std::size_t, std::size_t> insertion_at;  // offset -> index in fix.replacements
    for (std::size_t i = 0; i < edits.size(); ++i) {
      std::string at = path + "[" + std::to_string(i) + "]";
      const json& range = input_.object(edits[i], "range", at);
      std::size_t start =
          offset_of(input_.object(range, "start", at + ".range"), lines, at + ".range.start");
      std::size_t end =
          offset_of(input_.object(range, "end", at + ".range"), lines, at + ".range.end");
      if (end < start) input_.fail(at + ".range", "ends before it starts");
      std::string text = input_.text(edits[i], "newText", at, true);
      if (start == end && insertion_at.count(start)) {
        fix.replacements[insertion_at[start]].text += text;
        continue;
      }
      if (start == end) insertion_at[start] = fix.replacements.size();
      fix.replacements.push_back({file, start, end - start, std::move(text), input_.where(at)});
    }
    std::vector<Fix> fixes{std::move(fix)};
    if (known)
      settle_replacements(fixes, files_);
    else
      settle_in(content, fixes.front(), input_.where(path));
    std::vector<const Replacement*> replacements;
    if (!fixes.empty())
      for (const Replacement& r : fixes.front().replacements) replacements.push_back(&r);
    return edits_for(std::move(replacements), content);
  }

  // Conflict check for a file that exists only inside this edit.
  static void settle_in(const std::string& content, const Fix& fix, const std::string& where) {
    std::vector<const Replacement*> all;
    for (const Replacement& r : fix.replacements) all.push_back(&r);
    try {
      apply_edits(content, edits_for(all, content));
    } catch (const Error& e) {
      throw Error(ErrorKind::BadInput, where + ": " + e.what());
    }
  }

  const JsonInput& input_;
  ImportFiles& files_;
  CharUnit encoding_;
  std::vector<FileChange> changes_;
  std::map<std::string, std::size_t> change_of_path_;  // current path -> its change
};

CharUnit encoding_of(const json& root, const JsonInput& input) {
  std::string name = input.text(root, "positionEncoding", "top level");
  if (name.empty() || name == "utf-16") return CharUnit::Utf16;
  if (name == "utf-8") return CharUnit::Utf8;
  if (name == "utf-32") return CharUnit::CodePoint;
  input.fail("positionEncoding", "must be utf-8, utf-16 or utf-32, not '" + name + "'");
}

}  // namespace

bool LspEditImporter::sniff(std::string_view input) const {
  std::size_t start = input.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || input[start] != '{') return false;
  return input.find("\"documentChanges\"") != std::string_view::npos ||
         input.find("\"changes\"") != std::string_view::npos;
}

namespace {

ImportResult import_edit(const ImportRequest& request, const Workspace& workspace) {
  if (!request.group_by.empty() && request.group_by != "all")
    throw Error(ErrorKind::Usage,
                "--group-by does not apply to LSP WorkspaceEdits (imported as "
                "one improvement)");
  json root = parse_json_input(request.input, request.origin);
  JsonInput input(request.origin);
  if (!root.is_object()) input.fail("top level", "must be a WorkspaceEdit object");
  CharUnit encoding = encoding_of(root, input);
  std::string label = input.text(root, "label", "top level");
  const json& edit = root.contains("edit") ? input.object(root, "edit", "top level") : root;
  std::string at = root.contains("edit") ? "edit" : "top level";

  ImportResult result;
  ImportFiles files(workspace, result);
  EditBuilder builder(input, files, encoding);
  if (input.find(edit, "documentChanges", at)) {
    const json& changes = input.array(edit, "documentChanges", at);
    for (std::size_t i = 0; i < changes.size(); ++i)
      builder.document_change(changes[i], "documentChanges[" + std::to_string(i) + "]");
  } else if (const json* changes = input.find(edit, "changes", at)) {
    if (!changes->is_object()) input.fail("changes", "must be an object of URI -> edits");
    for (const auto& [uri, edits] : changes->items()) {
      if (!edits.is_array()) input.fail("changes[\"" + uri + "\"]", "must be an array");
      builder.text_edits(uri, edits, "changes[\"" + uri + "\"]");
    }
  } else {
    input.fail(at, "has neither 'changes' nor 'documentChanges'");
  }

  Improvement improvement;
  improvement.changes = builder.take();
  if (improvement.changes.empty()) {
    result.warnings.push_back(request.origin + ": the edit changes no workspace file");
    return result;
  }
  improvement.title = label.empty() ? "Apply " + base_name(request.origin) : label;
  // One WorkspaceEdit is one unit: all its files are one transaction.
  TransactionUnits units;
  for (const FileChange& change : improvement.changes) units.touch(improvement.title, change.path);
  units.assign(improvement.changes);
  improvement.description = "Imported from " + request.origin + ": changes";
  for (const FileChange& change : improvement.changes) improvement.description += " " + change.path;
  improvement.source = improvement.category = "lsp";
  finish_improvement(improvement);
  result.improvements.push_back(std::move(improvement));
  return result;
}

}  // namespace

ImportResult LspEditImporter::import(const ImportRequest& request,
                                     const Workspace& workspace) const {
  return with_json_positions(request.input, request.origin,
                             [&] { return import_edit(request, workspace); });
}

const Importer& lsp_edit_importer() {
  static const LspEditImporter importer;
  return importer;
}

}  // namespace tars
