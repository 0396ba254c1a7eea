#include "core/execution/review.h"

#include "core/base/quote.h"
#include "core/diff/unified_diff.h"
#include "core/execution/context_report.h"

namespace tars {

namespace {

std::string blob_or_empty(StateStore& store, const std::string& hash) {
  if (hash.empty()) return "";
  return store.get_blob(hash).value_or("");
}

// For a reader, before the diff of a symlink (which compares its targets as lines): what
// it pointed to and points to now.
std::string symlink_summary(const DiffSide& before, const DiffSide& after) {
  bool was = before.exists && before.mode == kSymlinkMode;
  bool is = after.exists && after.mode == kSymlinkMode;
  if ((!was && !is) || (was && is && before.content == after.content)) return "";
  std::string path = quote_path(is ? after.path : before.path);
  if (!was)
    return "symlink " + path + " -> " + quote_path(after.content) +
           (before.exists ? " (was a file)\n" : " (new)\n");
  if (!is)
    return "symlink " + path + " -> " + quote_path(before.content) +
           (after.exists ? " (now a file)\n" : " (deleted)\n");
  return "symlink " + path + ": " + quote_path(before.content) + " -> " +
         quote_path(after.content) + "\n";
}

FileReview review_op(const Workspace& workspace, StateStore& store, const FileOpRecord& op) {
  FileReview file;
  file.path = op.path;
  file.new_path = op.new_path.empty() ? op.path : op.new_path;
  file.kind = operation_name(op.kind);
  file.state = to_string(op.state);
  file.transaction_id = op.transaction_id;
  file.original_exists = !op.before_hash.empty();
  file.original = blob_or_empty(store, op.before_hash);
  unsigned mode = op.before_mode ? op.before_mode : 0644;
  std::optional<unsigned> current_mode;
  if (op.state == FileOpState::Simulated) {
    file.current_exists = !op.after_hash.empty();
    file.current = blob_or_empty(store, op.after_hash);
    if (op.after_mode) current_mode = op.after_mode;
  } else {
    bool entry = op.before_mode == kSymlinkMode || op.after_mode == kSymlinkMode;
    PathHandle current =
        entry ? workspace.open_entry(file.new_path) : workspace.open(file.new_path);
    auto info = current.stat();
    std::optional<std::string> now;
    if (info && S_ISLNK(info->st_mode)) {
      now = current.dir().read_link(current.name());
      current_mode = kSymlinkMode;
    } else if (info && S_ISDIR(info->st_mode)) {
      now = "";
      current_mode = kDirectoryMode;
    } else {
      now = current.read();
      if (info) current_mode = info->st_mode & 07777;
    }
    file.current_exists = now.has_value();
    file.current = now.value_or("");
  }
  DiffSide before{file.path, file.original, file.original_exists, mode};
  DiffSide after{file.new_path, file.current, file.current_exists, current_mode.value_or(mode)};
  file.diff = symlink_summary(before, after) + unified_diff(before, after);
  file.patch = unified_diff(before, after, 3, BinaryDiff::Data);
  return file;
}

}  // namespace

std::vector<FileReview> review_context(const Workspace& workspace, StateStore& store,
                                       const std::string& context_id) {
  load_context(store, context_id);  // NotFound for an unknown id
  std::vector<FileReview> files;
  for (const FileOpRecord& op : store.file_ops(context_id))
    files.push_back(review_op(workspace, store, op));
  return files;
}

std::string changes_patch(const std::vector<FileReview>& files) {
  std::string patch;
  for (const FileReview& file : files) patch += file.patch;
  return patch;
}

}  // namespace tars
