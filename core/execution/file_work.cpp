#include "core/execution/file_work.h"

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/quote.h"
#include "core/diff/rebase.h"

namespace tars {

namespace {

[[noreturn]] void stale(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::Stale, "Improvement is stale: " + quote_path(path) + " " + why);
}

const char* kChanged = "changed since it was created";

std::string apply_or_stale(std::string_view content, const std::vector<TextEdit>& edits,
                           const std::string& path) {
  try {
    return apply_edits(content, edits);
  } catch (const Error&) {
    stale(path, kChanged);
  }
}

// New content of an edited file; rebases the edits when the file changed elsewhere.
std::string edited_content(StateStore& store, const FileChange& change, const FileWork& work) {
  const std::string& current = *work.original;
  if (change.base_hash.empty() || change.base_hash == work.before_hash)
    return apply_or_stale(current, change.edits, change.path);
  auto base = store.get_blob(change.base_hash);
  if (!base) stale(change.path, kChanged);
  RebaseResult rebased = rebase_edits(*base, current, change.edits);
  if (!rebased.ok) stale(change.path, std::string(kChanged) + " (" + rebased.conflict + ")");
  return apply_or_stale(current, rebased.edits, change.path);
}

// TARS changes regular files only: a FIFO would hang the read, a device would be read
// without end, and a symlink would send the write elsewhere.
void require_regular_target(const struct stat& info, const std::string& path) {
  if (S_ISREG(info.st_mode)) return;
  throw Error(ErrorKind::PlanInvalid, "Execution plan validation failed: path " + quote_path(path) +
                                          " is " + file_type_name(info.st_mode) +
                                          "; TARS changes regular files only");
}

// A symlink is changed (retargeted, replaced, deleted) only by a change computed against
// it, whose base is its target; it is read with readlinkat, never followed. A directory
// is only deleted, by a change that names it one (a submodule's, when it is empty).
bool read_special(FileWork& work, const struct stat& info) {
  const FileChange& change = *work.change;
  if (S_ISLNK(info.st_mode)) {
    auto target = work.source->dir().read_link(work.source->name());
    if (!target || change.base_hash != content_hash(*target)) return false;
    work.original = std::move(*target);
    work.mode = kSymlinkMode;
  } else if (S_ISDIR(info.st_mode)) {
    if (change.kind != ChangeKind::Delete || change.mode != kDirectoryMode) return false;
    work.original = "";
    work.mode = kDirectoryMode;
  } else {
    return false;
  }
  work.before_hash = content_hash(*work.original);
  return true;
}

void read_original(FileWork& work) {
  auto info = work.source->stat();
  if (!info) stale(work.path, "no longer exists");
  if (read_special(work, *info)) return;
  require_regular_target(*info, work.path);
  work.original = work.source->read();
  if (!work.original) stale(work.path, "no longer exists");
  work.before_hash = content_hash(*work.original);
  work.mode = info->st_mode & 07777;
}

void require_absent(const PathHandle& file, const std::string& path) {
  if (file.stat()) stale(path, "already exists");
}

}  // namespace

FileWork prepare_file(const Workspace& workspace, StateStore& store, const FileChange& change) {
  FileWork work;
  work.change = &change;
  work.path = change.path;
  // A change that sets a mode was made against the entry itself (git's view): a symlink
  // there is that symlink, never followed.
  bool special = change.mode == kSymlinkMode || change.mode == kDirectoryMode;
  bool entry = special || (change.mode && change.kind != ChangeKind::Create);
  work.source = entry ? workspace.open_entry(change.path) : workspace.open(change.path);
  work.target = work.source;
  work.result_path = change.path;
  switch (change.kind) {
    case ChangeKind::Edit:
      read_original(work);
      work.new_content = edited_content(store, change, work);
      break;
    case ChangeKind::Create:
      require_absent(*work.source, change.path);
      work.new_content = change.content;
      work.mode = change.mode.value_or(0644);
      break;
    case ChangeKind::Delete:
      read_original(work);
      if (!change.base_hash.empty() && change.base_hash != work.before_hash)
        stale(change.path, kChanged);
      work.result_path.clear();
      break;
    case ChangeKind::Rename:
      read_original(work);
      work.target = entry ? workspace.open_entry(change.new_path) : workspace.open(change.new_path);
      require_absent(*work.target, change.new_path);
      work.result_path = change.new_path;
      work.new_content =
          change.edits.empty() ? *work.original : edited_content(store, change, work);
      break;
  }
  if (!work.result_path.empty()) work.after_hash = content_hash(work.new_content);
  bool was_special = work.mode == kSymlinkMode || work.mode == kDirectoryMode;
  work.new_mode = change.mode.value_or(was_special ? work.mode : work.mode & 0777);
  return work;
}

}  // namespace tars
