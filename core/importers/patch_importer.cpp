#include "core/importers/formats.h"

#include <algorithm>
#include <exception>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/parallel.h"
#include "core/base/quote.h"
#include "core/diff/patch_parser.h"
#include "core/importers/import_support.h"

namespace tars {

namespace {

class PatchImporter : public Importer {
 public:
  std::string_view format() const override { return "patch"; }
  bool sniff(std::string_view input) const override;
  ImportResult import(const ImportRequest& request, const Workspace& workspace) const override;
};

// The current content of a file split into lines (each with its line end). One index
// is reused for every file, so its memory is allocated only as often as a file is
// longer than all before it.
class LineIndex {
 public:
  void reset(std::string_view content) {
    content_ = content;
    starts_.clear();
    for (std::size_t pos = 0; pos < content.size();) {
      starts_.push_back(pos);
      std::size_t end = content.find('\n', pos);
      pos = end == std::string_view::npos ? content.size() : end + 1;
    }
    starts_.push_back(content.size());
  }
  std::size_t count() const { return starts_.size() - 1; }
  std::size_t offset(std::size_t line) const { return starts_[line]; }
  std::string_view line(std::size_t index) const {
    return content_.substr(starts_[index], starts_[index + 1] - starts_[index]);
  }

 private:
  std::string_view content_;
  std::vector<std::size_t> starts_;
};

std::size_t old_line_count(const Hunk& hunk) {
  return static_cast<std::size_t>(std::count_if(hunk.lines.begin(), hunk.lines.end(),
                                                [](const HunkLine& l) { return l.kind != '+'; }));
}

// Whether the hunk's old lines (context and removed) are the file's lines from `at` on.
bool matches_at(const LineIndex& index, const Hunk& hunk, std::size_t old_lines, std::size_t at) {
  if (at + old_lines > index.count()) return false;
  for (const HunkLine& line : hunk.lines) {
    if (line.kind == '+') continue;
    if (index.line(at++) != line.text) return false;
  }
  return true;
}

// Where the hunk's old lines are: at the stated line (shifted like earlier hunks were),
// else the nearest match after the previous hunk, as `git apply` does.
std::optional<std::size_t> locate(const LineIndex& index, const Hunk& hunk, std::size_t min_line,
                                  long shift) {
  std::size_t old_lines = old_line_count(hunk);
  long stated = hunk.old_count == 0 ? hunk.old_start : hunk.old_start - 1;
  long expected = std::max<long>(static_cast<long>(min_line), stated + shift);
  long last = static_cast<long>(index.count()) - static_cast<long>(old_lines);
  for (long distance = 0;
       expected - distance >= static_cast<long>(min_line) || expected + distance <= last;
       ++distance) {
    for (long at : {expected - distance, expected + distance}) {
      if (at < static_cast<long>(min_line) || at > last) continue;
      if (matches_at(index, hunk, old_lines, static_cast<std::size_t>(at)))
        return static_cast<std::size_t>(at);
    }
  }
  return std::nullopt;
}

bool is_change(const HunkLine& line) {
  return line.kind != ' ';
}

// How many edits add_edits makes of the hunks: one per run of changed lines.
std::size_t run_count(const std::vector<Hunk>& hunks) {
  std::size_t runs = 0;
  for (const Hunk& hunk : hunks)
    for (std::size_t i = 0; i < hunk.lines.size(); ++i)
      if (is_change(hunk.lines[i]) && (i == 0 || !is_change(hunk.lines[i - 1]))) ++runs;
  return runs;
}

// One edit per run of removed/added lines; context lines are not part of any edit.
// The hunk matched `content` at `offset`, so a run's removed lines are the bytes there.
void add_edits(const Hunk& hunk, std::string_view content, std::size_t offset,
               std::vector<TextEdit>& edits) {
  const std::vector<HunkLine>& lines = hunk.lines;
  std::size_t cursor = offset;
  for (std::size_t i = 0; i < lines.size();) {
    if (!is_change(lines[i])) {
      cursor += lines[i++].text.size();
      continue;
    }
    std::size_t end = i, removed = 0, added = 0;
    for (; end < lines.size() && is_change(lines[end]); ++end)
      (lines[end].kind == '-' ? removed : added) += lines[end].text.size();
    TextEdit& edit = edits.emplace_back();
    edit.offset = cursor;
    edit.old_text = content.substr(cursor, removed);
    edit.new_text.reserve(added);
    for (; i < end; ++i)
      if (lines[i].kind == '+') edit.new_text += lines[i].text;
    cursor += removed;
  }
}

class FileImport {
 public:
  FileImport(const ImportRequest& request, const Workspace& workspace, ImportResult& result)
      : request_(request), workspace_(workspace), result_(result) {}

  std::optional<FileChange> convert(const FilePatch& file) {
    if (file.is_binary)
      fail(file.source_line, "binary patches are not supported (" + display(file) + ")");
    if (file.is_new) return create(file);
    std::optional<std::string> content = read(file.old_path, file.source_line);
    if (!content && adds_missing_file(file)) return create(file);
    if (!content)
      fail(file.source_line, quote_path(file.old_path) + " does not exist in the workspace");
    if (file.is_delete) return remove(file, std::move(*content));
    if (!file.is_rename && file.hunks.empty()) {
      result_.warnings.push_back(request_.origin + ":" + std::to_string(file.source_line) + ": " +
                                 file.old_path + ": mode-only change skipped");
      return std::nullopt;
    }
    FileChange change;
    change.kind = file.is_rename ? ChangeKind::Rename : ChangeKind::Edit;
    change.path = file.old_path;
    change.group = file.old_path;
    if (file.is_rename) {
      change.new_path = file.new_path;
      if (workspace_.open(file.new_path).stat())
        fail(file.source_line, quote_path(file.new_path) + " already exists");
    }
    change.edits = edits_for(file, *content);
    remember_base(change, std::move(*content));
    return change;
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(ErrorKind::BadInput, request_.origin + ":" + std::to_string(line) + ": " + what);
  }

  // `diff -N` shows a new file as a diff against an empty one, not /dev/null: a missing
  // file whose hunks only add lines is created.
  static bool adds_missing_file(const FilePatch& file) {
    if (file.is_rename || file.is_delete) return false;
    return std::all_of(file.hunks.begin(), file.hunks.end(),
                       [](const Hunk& h) { return h.old_count == 0; });
  }

  static std::string display(const FilePatch& file) {
    return file.new_path.empty() ? file.old_path : file.new_path;
  }

  // A FIFO or a device at the path is refused, never read.
  std::optional<std::string> read(const std::string& path, int line) const {
    try {
      return workspace_.open(path).read();
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::PlanInvalid) throw;
      fail(line, e.what());
    }
  }

  // The content is no longer needed by the change: it moves into the import's bases.
  void remember_base(FileChange& change, std::string content) {
    change.base_hash = content_hash(content);
    result_.base_contents.try_emplace(change.base_hash, std::move(content));
  }

  FileChange create(const FilePatch& file) {
    if (read(file.new_path, file.source_line))
      fail(file.source_line, quote_path(file.new_path) + " already exists");
    FileChange change;
    change.kind = ChangeKind::Create;
    change.path = change.group = file.new_path;
    change.mode = file.new_mode.value_or(0644);
    std::size_t size = 0;
    for (const Hunk& hunk : file.hunks)
      for (const HunkLine& line : hunk.lines) {
        if (line.kind != '+') fail(hunk.source_line, "a new file's hunk may only add lines");
        size += line.text.size();
      }
    change.content.reserve(size);
    for (const Hunk& hunk : file.hunks)
      for (const HunkLine& line : hunk.lines) change.content += line.text;
    return change;
  }

  FileChange remove(const FilePatch& file, std::string content) {
    if (!file.hunks.empty() && !is_whole(file, content))
      fail(file.source_line, file.old_path + " does not match the deleted content");
    FileChange change;
    change.kind = ChangeKind::Delete;
    change.path = change.group = file.old_path;
    remember_base(change, std::move(content));
    return change;
  }

  // Whether the lines of all hunks, one after the other, are exactly `content`.
  static bool is_whole(const FilePatch& file, std::string_view content) {
    for (const Hunk& hunk : file.hunks)
      for (const HunkLine& line : hunk.lines) {
        if (!content.starts_with(line.text)) return false;
        content.remove_prefix(line.text.size());
      }
    return content.empty();
  }

  std::vector<TextEdit> edits_for(const FilePatch& file, const std::string& content) {
    index_.reset(content);
    std::vector<TextEdit> edits;
    edits.reserve(run_count(file.hunks));
    std::size_t min_line = 0;
    long shift = 0;
    for (const Hunk& hunk : file.hunks) {
      auto at = locate(index_, hunk, min_line, shift);
      if (!at)
        fail(hunk.source_line,
             "hunk does not apply to " + file.old_path + ": its lines are not in the file");
      long stated = hunk.old_count == 0 ? hunk.old_start : hunk.old_start - 1;
      shift = static_cast<long>(*at) - stated;
      min_line = *at + static_cast<std::size_t>(hunk.old_count);
      add_edits(hunk, content, index_.offset(*at), edits);
    }
    return edits;
  }

  const ImportRequest& request_;
  const Workspace& workspace_;
  ImportResult& result_;
  LineIndex index_;  // of the file being converted
};

struct Converted {
  std::optional<FileChange> change;
  ImportResult result;  // its warnings and base
  std::exception_ptr error;
};

// Files convert independently (each is read, matched and hashed alone), so on all
// threads; the caller reports the first error in file order, as one by one would.
std::vector<Converted> convert_all(const ParsedPatch& patch, const ImportRequest& request,
                                   const Workspace& workspace) {
  std::vector<Converted> converted(patch.files.size());
  parallel_for(patch.files.size(), default_thread_count(), [&](std::size_t i) {
    try {
      FileImport importer(request, workspace, converted[i].result);
      converted[i].change = importer.convert(patch.files[i]);
    } catch (...) {
      converted[i].error = std::current_exception();
    }
  });
  return converted;
}

}  // namespace

bool PatchImporter::sniff(std::string_view input) const {
  if (input.starts_with("diff --git ") || input.find("\ndiff --git ") != std::string_view::npos)
    return true;
  bool minus = input.starts_with("--- ") || input.find("\n--- ") != std::string_view::npos;
  return minus && input.find("\n+++ ") != std::string_view::npos &&
         input.find("\n@@ ") != std::string_view::npos;
}

ImportResult PatchImporter::import(const ImportRequest& request, const Workspace& workspace) const {
  ParsedPatch patch = parse_patch(request.input, request.origin);
  ImportResult result;
  Improvement improvement;
  for (Converted& file : convert_all(patch, request, workspace)) {
    if (file.error) std::rethrow_exception(file.error);
    for (std::string& warning : file.result.warnings) result.warnings.push_back(std::move(warning));
    result.base_contents.merge(file.result.base_contents);
    if (file.change) improvement.changes.push_back(std::move(*file.change));
  }
  if (improvement.changes.empty())
    throw Error(ErrorKind::BadInput, request.origin + ": the patch changes no file content");
  improvement.title = patch.subject.empty() ? "Apply " + base_name(request.origin) : patch.subject;
  improvement.description = "Imported from " + request.origin + ": changes";
  for (const FileChange& change : improvement.changes) improvement.description += " " + change.path;
  improvement.source = "patch";
  improvement.category = "patch";
  finish_improvement(improvement);
  result.improvements.push_back(std::move(improvement));
  return result;
}

const Importer& patch_importer() {
  static const PatchImporter importer;
  return importer;
}

}  // namespace tars
