#include "core/importers/formats.h"

#include <algorithm>
#include <exception>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/hash.h"
#include "core/base/join.h"
#include "core/base/parallel.h"
#include "core/diff/line_diff.h"
#include "core/diff/patch_parser.h"
#include "core/importers/import_support.h"
#include "core/importers/patch_section.h"
#include "core/importers/patch_series.h"
#include "core/importers/transaction_units.h"

namespace tars {

namespace {

class PatchImporter : public Importer {
 public:
  std::string_view format() const override { return "patch"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

struct Converted {
  std::optional<FileChange> change;
  ImportResult result;  // its warnings and base
  std::exception_ptr error;
};

std::vector<std::string> paths_of(const FilePatch& file) {
  std::vector<std::string> paths;
  if (!file.old_path.empty()) paths.push_back(file.old_path);
  if (!file.new_path.empty() && file.new_path != file.old_path) paths.push_back(file.new_path);
  return paths;
}

// Sections that share a path with another section (two sections for one file, a delete
// and a create of one path, a rename and an edit of its result): those apply one after
// the other, each to what the ones before left.
std::vector<bool> chained_sections(const ParsedPatch& patch) {
  std::map<std::string, int> uses;
  for (const FilePatch& file : patch.files)
    for (const std::string& path : paths_of(file)) ++uses[path];
  std::vector<bool> chained(patch.files.size());
  for (std::size_t i = 0; i < patch.files.size(); ++i)
    for (const std::string& path : paths_of(patch.files[i]))
      if (uses[path] > 1) chained[i] = true;
  return chained;
}

// Independent sections convert independently (each is read, matched and hashed alone),
// so on all threads; the caller reports the first error in file order.
std::vector<Converted> convert_independent(const ParsedPatch& patch,
                                           const std::vector<bool>& chained,
                                           const ImportRequest& request, const FileSource& source) {
  std::vector<Converted> converted(patch.files.size());
  parallel_for(patch.files.size(), default_thread_count(), [&](std::size_t i) {
    if (chained[i]) return;
    try {
      converted[i].change = convert_section(patch.files[i], request, source, converted[i].result);
    } catch (...) {
      converted[i].error = std::current_exception();
    }
  });
  return converted;
}

class Chain {
 public:
  Chain(const ImportRequest& request, const FileSource& workspace)
      : request_(request), workspace_(workspace), overlay_(workspace) {}

  // Applies a section to what the sections before it left.
  void add(const FilePatch& file, std::size_t index, ImportResult& result) {
    std::optional<FileChange> change = convert_section(file, request_, overlay_, result);
    if (!change) return;
    for (const std::string& path : {change->path, change->new_path})
      if (!path.empty() && first_.emplace(path, index).second) order_.push_back(path);
    if (change->kind == ChangeKind::Rename) renames_.push_back({change->path, change->new_path});
    overlay_.apply(*change);
  }

  // One change per file: what the workspace holds now against what the sections left,
  // with the index of the section that first named it.
  std::vector<std::pair<std::size_t, FileChange>> changes(ImportResult& result) {
    std::vector<std::pair<std::size_t, FileChange>> changes;
    std::set<std::string> done;
    for (const auto& [from, to] : renames_) {
      auto before = base(from), after = now(to);
      if (!before || now(from) || base(to) || !after || done.count(from) || done.count(to))
        continue;
      FileChange change = changed(from, *before, *after, result);
      change.kind = ChangeKind::Rename;
      change.new_path = to;
      changes.push_back({first_[from], std::move(change)});
      done.insert({from, to});
    }
    for (const std::string& path : order_) {
      if (done.count(path)) continue;
      auto before = base(path), after = now(path);
      FileChange change;
      change.path = path;
      if (before && after) {
        change = changed(path, *before, *after, result);
        if (change.edits.empty() && !change.mode) continue;
      } else if (after) {
        change.kind = ChangeKind::Create;
        change.content = after->content;
        change.mode = change_mode(after->mode);
      } else if (before) {
        change.kind = ChangeKind::Delete;
        if (before->mode == kModeGitlink || before->mode == kModeSymlink)
          change.mode = change_mode(before->mode);
        remember(change, before->content, result);
      } else {
        continue;
      }
      changes.push_back({first_[path], std::move(change)});
    }
    return changes;
  }

 private:
  std::optional<SourceFile> base(const std::string& path) const {
    return workspace_.read(path, request_.origin);
  }
  std::optional<SourceFile> now(const std::string& path) const {
    return overlay_.read(path, request_.origin);
  }

  static void remember(FileChange& change, const std::string& content, ImportResult& result) {
    change.base_hash = content_hash(content);
    result.base_contents.try_emplace(change.base_hash, content);
  }

  static FileChange changed(const std::string& path, const SourceFile& before,
                            const SourceFile& after, ImportResult& result) {
    FileChange change;
    change.kind = ChangeKind::Edit;
    change.path = path;
    change.edits = line_edits(before.content, after.content);
    if (before.mode != after.mode || before.mode == kModeSymlink)
      change.mode = change_mode(after.mode);
    remember(change, before.content, result);
    return change;
  }

  const ImportRequest& request_;
  const FileSource& workspace_;
  OverlaySource overlay_;
  std::map<std::string, std::size_t> first_;
  std::vector<std::string> order_;
  std::vector<std::pair<std::string, std::string>> renames_;
};

void merge(ImportResult& into, ImportResult& from) {
  for (std::string& warning : from.warnings) into.warnings.push_back(std::move(warning));
  into.base_contents.merge(from.base_contents);
}

// The changes of all sections in patch order; the first error in patch order is thrown.
std::vector<FileChange> convert_all(const ParsedPatch& patch, const ImportRequest& request,
                                    const FileSource& source, ImportResult& result) {
  std::vector<bool> chained = chained_sections(patch);
  std::vector<Converted> converted = convert_independent(patch, chained, request, source);
  Chain chain(request, source);
  for (std::size_t i = 0; i < patch.files.size(); ++i) {
    if (converted[i].error) std::rethrow_exception(converted[i].error);
    if (chained[i]) chain.add(patch.files[i], i, converted[i].result);
    merge(result, converted[i].result);
  }
  std::vector<std::pair<std::size_t, FileChange>> ordered;
  for (std::size_t i = 0; i < patch.files.size(); ++i)
    if (converted[i].change) ordered.push_back({i, std::move(*converted[i].change)});
  for (auto& entry : chain.changes(result)) ordered.push_back(std::move(entry));
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<FileChange> changes;
  for (auto& [index, change] : ordered) changes.push_back(std::move(change));
  return changes;
}

// A plain patch: each file section is a unit (a rename's two paths are one change).
void name_sections(std::vector<FileChange>& changes) {
  TransactionUnits units;
  for (const FileChange& change : changes)
    units.touch(
        change.kind == ChangeKind::Rename ? change.path + " -> " + change.new_path : change.path,
        change.path);
  units.assign(changes);
}

std::string commit_label(std::size_t index, std::size_t count, const PatchMessage& message) {
  return "commit " + std::to_string(index + 1) + "/" + std::to_string(count) + ": " +
         message.subject;
}

// --series-as-one: the sections of all messages as one patch, so a file several commits
// touch becomes one change from the workspace to what the last leaves; each commit is a
// unit, and commits sharing a file are one transaction.
Improvement series_as_one(const std::vector<PatchMessage>& messages, const ImportRequest& request,
                          const FileSource& source, ImportResult& result) {
  ParsedPatch all;
  TransactionUnits units;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    ParsedPatch patch =
        parse_patch(messages[i].text, request.origin, request.strip, messages[i].line_offset);
    for (FilePatch& file : patch.files) {
      for (const std::string& path : paths_of(file))
        units.touch(commit_label(i, messages.size(), messages[i]), path);
      all.files.push_back(std::move(file));
    }
  }
  Improvement improvement;
  improvement.changes = convert_all(all, request, source, result);
  if (improvement.changes.empty())
    throw Error(ErrorKind::BadInput, request.origin + ": the series changes no file content");
  units.assign(improvement.changes);
  improvement.title = messages.front().subject + " (and " + std::to_string(messages.size() - 1) +
                      " more commit" + (messages.size() > 2 ? "s)" : ")");
  improvement.description = "Imported from " + request.origin + " as one improvement:";
  std::vector<std::string> authors;  // each once, in order
  for (std::size_t i = 0; i < messages.size(); ++i) {
    improvement.description +=
        "\n" + commit_label(i, messages.size(), messages[i]) + " (" + messages[i].author + ")";
    if (std::find(authors.begin(), authors.end(), messages[i].author) == authors.end())
      authors.push_back(messages[i].author);
  }
  improvement.author = join(authors);
  return improvement;
}

}  // namespace

bool PatchImporter::sniff(std::string_view input) const {
  if (input.starts_with("diff --git ") || input.find("\ndiff --git ") != std::string_view::npos)
    return true;
  bool minus = input.starts_with("--- ") || input.find("\n--- ") != std::string_view::npos;
  return minus && input.find("\n+++ ") != std::string_view::npos &&
         input.find("\n@@ ") != std::string_view::npos;
}

// A series: each message is computed against what the ones before it leave, so the
// improvements apply one after the other, in order.
ImportResult PatchImporter::import(const ImportRequest& request, const Workspace& workspace) const {
  WorkspaceSource workspace_files(workspace);
  OverlaySource source(workspace_files);
  ImportResult result;
  std::vector<PatchMessage> messages = split_series(request.input);
  if (request.series_as_one && messages.size() > 1) {
    Improvement improvement = series_as_one(messages, request, source, result);
    improvement.source = improvement.category = "patch";
    finish_improvement(improvement);
    result.improvements.push_back(std::move(improvement));
    return result;
  }
  for (std::size_t m = 0; m < messages.size(); ++m) {
    const PatchMessage& message = messages[m];
    ParsedPatch patch =
        parse_patch(message.text, request.origin, request.strip, message.line_offset);
    Improvement improvement;
    improvement.changes = convert_all(patch, request, source, result);
    std::string where =
        request.origin + (messages.size() > 1 ? ":" + std::to_string(message.line_offset + 1) : "");
    if (improvement.changes.empty() && patch.files.empty())
      throw Error(ErrorKind::BadInput, where + ": the patch changes no file content");
    if (improvement.changes.empty()) {  // as git apply in a work tree: nothing to do
      std::string what = messages.size() > 1 ? "'" + message.subject + "'" : "the patch";
      result.warnings.push_back(where + ": " + what +
                                " changes no file in a work tree (a submodule update); skipped");
      continue;
    }
    bool later_messages = m + 1 < messages.size();  // only they read what this one leaves
    if (later_messages)
      for (const FileChange& change : improvement.changes) source.apply(change);
    name_sections(improvement.changes);
    if (messages.size() > 1) {
      improvement.title = message.subject;
      improvement.description = message.body;
      improvement.author = message.author;
    } else {
      improvement.title =
          patch.subject.empty() ? "Apply " + base_name(request.origin) : patch.subject;
      improvement.description = "Imported from " + request.origin + ": changes";
      for (const FileChange& change : improvement.changes)
        improvement.description += " " + change.path;
    }
    improvement.source = "patch";
    improvement.category = "patch";
    finish_improvement(improvement);
    result.improvements.push_back(std::move(improvement));
  }
  return result;
}

const Importer& patch_importer() {
  static const PatchImporter importer;
  return importer;
}

}  // namespace tars
