#include "mcp/proposal_patch.h"

#include <algorithm>
#include <map>

#include "core/base/error.h"
#include "core/base/path_handle.h"
#include "core/diff/unified_diff.h"

namespace tars::mcp {

namespace {

[[noreturn]] void bad(const std::string& message) {
  throw Error(ErrorKind::BadInput, message);
}

// A workspace file as it is now, under its workspace-relative name.
DiffSide current(const Workspace& workspace, const std::string& path) {
  PathHandle file = workspace.open(path);  // no symlink followed on the way
  std::optional<std::string> content = file.read();
  unsigned mode = content ? file.stat()->st_mode & 07777 : 0644;
  return {file.relative(), content.value_or(""), content.has_value(), mode};
}

int line_at(const std::string& text, std::size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::string not_found(const std::string& where, const DiffSide& file, const std::string& old) {
  std::string hint = "it must match the file's text exactly, whitespace and line ends included";
  if (file.content.find("\r\n") != std::string::npos && old.find('\r') == std::string::npos)
    hint += "; the file's lines end in \\r\\n";
  return where + ": oldText was not found in " + file.path + " (" + hint +
         "); read the file again and retry";
}

std::string ambiguous(const std::string& where, const DiffSide& file, std::size_t first,
                      std::size_t second) {
  return where + ": oldText occurs more than once in " + file.path + " (lines " +
         std::to_string(line_at(file.content, first)) + " and " +
         std::to_string(line_at(file.content, second)) +
         "); include surrounding lines so that it matches exactly once";
}

// Replaces the one occurrence of the edit's oldText in `file`.
void replace_once(DiffSide& file, const TextReplacement& edit, const std::string& where) {
  std::size_t at = file.content.find(edit.old_text);
  if (at == std::string::npos) bad(not_found(where, file, edit.old_text));
  std::size_t again = file.content.find(edit.old_text, at + 1);
  if (again != std::string::npos) bad(ambiguous(where, file, at, again));
  file.content.replace(at, edit.old_text.size(), edit.new_text);
}

// The files' diffs, in the order the files were first named; "" for an unchanged one.
std::string joined_diffs(const std::vector<std::pair<DiffSide, DiffSide>>& files,
                         const std::string& nothing) {
  std::string patch;
  for (const auto& [before, after] : files) patch += unified_diff(before, after);
  if (patch.empty()) bad(nothing);
  return patch;
}

}  // namespace

std::string patch_from_edits(const Workspace& workspace,
                             const std::vector<TextReplacement>& edits) {
  std::vector<std::pair<DiffSide, DiffSide>> files;  // before, after
  std::map<std::string, std::size_t> index;          // by workspace-relative path
  for (std::size_t i = 0; i < edits.size(); ++i) {
    std::string where = "edits[" + std::to_string(i) + "]";
    DiffSide file = current(workspace, edits[i].path);
    if (!file.exists)
      bad(where + ": " + file.path + " does not exist; create files with files: [{path, content}]");
    auto [it, added] = index.try_emplace(file.path, files.size());
    if (added) files.emplace_back(file, file);
    replace_once(files[it->second].second, edits[i], where);
  }
  return joined_diffs(files, "the edits change nothing: every newText equals its oldText");
}

std::string patch_from_files(const Workspace& workspace, const std::vector<FileContent>& files) {
  std::vector<std::pair<DiffSide, DiffSide>> diffs;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string where = "files[" + std::to_string(i) + "]";
    DiffSide before = current(workspace, files[i].path);
    if (!seen.try_emplace(before.path, i).second)
      bad(where + ": " + before.path + " is named twice");
    if (!files[i].content && !before.exists)
      bad(where + ": " + before.path + " does not exist, so it cannot be deleted");
    DiffSide after = before;
    after.exists = files[i].content.has_value();
    after.content = files[i].content.value_or("");
    diffs.emplace_back(std::move(before), std::move(after));
  }
  return joined_diffs(diffs, "the files change nothing: each already holds that content");
}

}  // namespace tars::mcp
