#include "core/importers/patch_section.h"

#include <algorithm>
#include <cstdio>

#include "core/base/error.h"
#include "core/base/hash.h"
#include "core/base/quote.h"

namespace tars {

namespace {

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
  FileImport(const ImportRequest& request, const FileSource& source, ImportResult& result)
      : request_(request), source_(source), result_(result) {}

  std::optional<FileChange> convert(const FilePatch& file) {
    if (involves(file, kModeGitlink)) return submodule(file);
    if (file.is_new) return create(file, file.new_path);
    std::optional<SourceFile> old = read(file.old_path, file.source_line);
    if (old && old->mode == kModeGitlink)
      fail(file.source_line, quote_path(file.old_path) + " is a directory");
    if (!old && adds_missing_file(file)) return create(file, file.new_path);
    if (!old)
      fail(file.source_line, quote_path(file.old_path) + " does not exist in the workspace");
    if (file.is_delete) return remove(file, *old);
    if (file.is_copy) return copy(file, *old);
    std::optional<unsigned> mode = new_mode(file, *old);
    if (!file.is_rename && !file.is_binary && file.hunks.empty() && !mode) {
      warn(file, file.old_path + ": nothing to change (mode " +
                     (file.new_mode ? octal(*file.new_mode) : std::string("unchanged")) + ")");
      return std::nullopt;
    }
    FileChange change;
    change.kind = file.is_rename ? ChangeKind::Rename : ChangeKind::Edit;
    change.path = file.old_path;
    change.mode = mode;
    if (!mode && old->mode == kModeSymlink) change.mode = kSymlinkMode;
    if (file.is_rename) {
      change.new_path = file.new_path;
      if (source_.exists(file.new_path))
        fail(file.source_line, quote_path(file.new_path) + " already exists");
    }
    change.edits = edits_for(file, old->content);
    remember_base(change, std::move(old->content));
    return change;
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(ErrorKind::BadInput, where(line) + ": " + what);
  }
  std::string where(int line) const { return request_.origin + ":" + std::to_string(line); }
  void warn(const FilePatch& file, const std::string& what) {
    result_.warnings.push_back(where(file.source_line) + ": " + what);
  }
  static std::string octal(unsigned mode) {
    char text[16];
    std::snprintf(text, sizeof text, "%o", mode);
    return text;
  }
  static bool involves(const FilePatch& file, unsigned mode) {
    return file.old_mode == mode || file.new_mode == mode;
  }

  // `diff -N` shows a new file as a diff against an empty one, not /dev/null: a missing
  // file whose hunks only add lines is created.
  static bool adds_missing_file(const FilePatch& file) {
    if (file.is_rename || file.is_delete || file.is_copy || file.is_binary) return false;
    return std::all_of(file.hunks.begin(), file.hunks.end(),
                       [](const Hunk& h) { return h.old_count == 0; });
  }

  static std::string display(const FilePatch& file) {
    return file.new_path.empty() ? file.old_path : file.new_path;
  }

  std::optional<SourceFile> read(const std::string& path, int line) const {
    return source_.read(path, where(line));
  }

  // The new permission bits when the section changes them.
  static std::optional<unsigned> new_mode(const FilePatch& file, const SourceFile& old) {
    if (!file.new_mode || *file.new_mode == old.mode) return std::nullopt;
    if (file.old_mode && file.old_mode == file.new_mode) return std::nullopt;
    return change_mode(*file.new_mode);
  }

  // As `git apply` without --index in a work tree: an added submodule is an empty
  // directory, a removed one's directory goes when it is empty, an update leaves the
  // work tree alone; nothing else in the patch waits for them.
  std::optional<FileChange> submodule(const FilePatch& file) {
    const std::string& path = file.is_new ? file.new_path : file.old_path;
    std::optional<SourceFile> now = read(path, file.source_line);
    bool is_dir = now && now->mode == kModeGitlink;
    if (now && !is_dir) fail(file.source_line, quote_path(path) + " is not a directory");
    FileChange change;
    change.path = path;
    change.mode = kDirectoryMode;
    if (file.is_new && !is_dir) {
      change.kind = ChangeKind::Create;
      return change;
    }
    if (file.is_delete && is_dir && !now->has_entries) {
      change.kind = ChangeKind::Delete;
      remember_base(change, "");
      return change;
    }
    std::string what = file.is_new ? "added" : file.is_delete ? "removed" : "updated";
    warn(file, quote_path(path) + ": submodule " + what +
                   "; its directory is left as it is (run `git submodule update`)");
    return std::nullopt;
  }

  // The content is no longer needed by the change: it moves into the import's bases.
  void remember_base(FileChange& change, std::string content) {
    change.base_hash = content_hash(content);
    result_.base_contents.try_emplace(change.base_hash, std::move(content));
  }

  void require_absent(const std::string& path, int line) const {
    if (source_.exists(path)) fail(line, quote_path(path) + " already exists");
  }

  FileChange create(const FilePatch& file, const std::string& path) {
    require_absent(path, file.source_line);
    FileChange change;
    change.kind = ChangeKind::Create;
    change.path = path;
    change.mode = change_mode(file.new_mode.value_or(kModeFile));
    if (file.is_binary) {
      if (!file.forward || file.forward->delta)
        fail(file.source_line, quote_path(path) +
                                   ": a new binary file needs its literal data "
                                   "(make the patch with `git diff --binary`)");
      change.content = file.forward->data;
      return change;
    }
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

  // "copy from" / "copy to": a new file made of the source with the hunks applied.
  FileChange copy(const FilePatch& file, const SourceFile& source) {
    require_absent(file.new_path, file.source_line);
    FileChange change;
    change.kind = ChangeKind::Create;
    change.path = file.new_path;
    change.mode = change_mode(file.new_mode.value_or(source.mode));
    change.content = apply_edits(source.content, edits_for(file, source.content));
    return change;
  }

  FileChange remove(const FilePatch& file, const SourceFile& old) {
    const std::string& content = old.content;
    if (!file.hunks.empty() && !is_whole(file, content))
      fail(file.source_line, file.old_path + " does not match the deleted content");
    FileChange change;
    change.kind = ChangeKind::Delete;
    change.path = file.old_path;
    if (old.mode == kModeSymlink) change.mode = kSymlinkMode;
    remember_base(change, content);
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

  // A binary section replaces the whole content: git's literal, or its delta applied.
  std::vector<TextEdit> binary_edits(const FilePatch& file, const std::string& content) {
    if (!file.forward)
      fail(file.source_line,
           quote_path(display(file)) +
               ": the binary patch has no data (make it with `git diff --binary`)");
    std::string after = file.forward->data;
    if (file.forward->delta && !apply_git_delta(content, file.forward->data, after))
      fail(file.source_line, "binary delta does not apply to " + quote_path(file.old_path) +
                                 ": the file is not the one the patch was made from");
    if (after == content) return {};
    return {TextEdit{0, content, std::move(after)}};
  }

  std::vector<TextEdit> edits_for(const FilePatch& file, const std::string& content) {
    if (file.is_binary) return binary_edits(file, content);
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
  const FileSource& source_;
  ImportResult& result_;
  LineIndex index_;  // of the file being converted
};

}  // namespace

unsigned change_mode(unsigned git_mode) {
  switch (git_mode) {
    case kModeExecutable:
      return 0755;
    case kModeSymlink:
      return kSymlinkMode;
    case kModeGitlink:
      return kDirectoryMode;
    default:
      return 0644;
  }
}

unsigned git_mode_of(unsigned change_mode) {
  switch (change_mode) {
    case 0755:
      return kModeExecutable;
    case kSymlinkMode:
      return kModeSymlink;
    case kDirectoryMode:
      return kModeGitlink;
    default:
      return kModeFile;
  }
}

std::optional<SourceFile> WorkspaceSource::read(const std::string& path,
                                                const std::string& where) const {
  try {
    PathHandle file = workspace_.open_entry(path);
    auto info = file.stat();
    if (!info) return std::nullopt;
    if (S_ISLNK(info->st_mode))
      return SourceFile{file.dir().read_link(file.name()).value_or(""), kModeSymlink};
    if (S_ISDIR(info->st_mode)) {
      auto dir = file.dir().find_dir(file.name());
      return SourceFile{"", kModeGitlink, dir && !dir->entries().empty()};
    }
    auto content = file.read();  // a FIFO or a device is refused, never read
    if (!content) return std::nullopt;
    return SourceFile{std::move(*content), (info->st_mode & 0100) ? kModeExecutable : kModeFile};
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::BadInput) throw;
    throw Error(ErrorKind::BadInput, where + ": " + e.what());
  }
}

bool WorkspaceSource::exists(const std::string& path) const {
  try {
    return workspace_.open_entry(path).stat().has_value();
  } catch (const Error&) {
    return true;  // something is in the way (a symlink or a file as a directory)
  }
}

std::optional<SourceFile> OverlaySource::read(const std::string& path,
                                              const std::string& where) const {
  auto it = overlay_.find(path);
  return it != overlay_.end() ? it->second : base_.read(path, where);
}

bool OverlaySource::exists(const std::string& path) const {
  auto it = overlay_.find(path);
  return it != overlay_.end() ? it->second.has_value() : base_.exists(path);
}

void OverlaySource::apply(const FileChange& change) {
  auto mode_of = git_mode_of;
  switch (change.kind) {
    case ChangeKind::Create:
      overlay_[change.path] = SourceFile{change.content, mode_of(change.mode.value_or(0644))};
      return;
    case ChangeKind::Delete:
      overlay_[change.path] = std::nullopt;
      return;
    case ChangeKind::Edit:
    case ChangeKind::Rename: {
      SourceFile file = *read(change.path, change.path);
      file.content = apply_edits(file.content, change.edits);
      if (change.mode) file.mode = mode_of(*change.mode);
      overlay_[change.path] = std::nullopt;
      overlay_[change.kind == ChangeKind::Rename ? change.new_path : change.path] = std::move(file);
      return;
    }
  }
}

std::optional<FileChange> convert_section(const FilePatch& file, const ImportRequest& request,
                                          const FileSource& source, ImportResult& result) {
  std::string where = request.origin + ":" + std::to_string(file.source_line) + ": ";
  try {
    return FileImport(request, source, result).convert(file);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::BadInput) throw;
    throw Error(ErrorKind::BadInput, where + e.what());
  } catch (const std::exception& e) {
    throw Error(ErrorKind::BadInput, where + e.what());
  }
}

}  // namespace tars
