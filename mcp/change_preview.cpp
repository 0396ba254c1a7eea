#include "mcp/change_preview.h"

#include "core/base/error.h"
#include "core/base/hash.h"
#include "core/base/path_handle.h"
#include "core/diff/rebase.h"
#include "core/diff/unified_diff.h"

namespace tars::mcp {

namespace {

[[noreturn]] void stale(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::Stale, "Improvement is stale: " + path + " " + why);
}

DiffSide current_side(const Workspace& workspace, const FileChange& change) {
  PathHandle file = workspace.open(change.path);  // no symlink followed on the way
  std::optional<std::string> content = file.read();
  if (!content) stale(change.path, "no longer exists");
  return {change.path, std::move(*content), true, file.stat()->st_mode & 07777};
}

// The edits as they apply to `current`: as they are when it is their base, else rebased
// from the base the import stored.
std::vector<TextEdit> edits_on(StateStore& store, const FileChange& change,
                               const std::string& current) {
  if (change.base_hash.empty() || change.base_hash == content_hash(current)) return change.edits;
  std::optional<std::string> base = store.get_blob(change.base_hash);
  if (!base) stale(change.path, "changed since it was created");
  RebaseResult rebased = rebase_edits(*base, current, change.edits);
  if (!rebased.ok) stale(change.path, "changed since it was created (" + rebased.conflict + ")");
  return rebased.edits;
}

std::string file_diff(const Workspace& workspace, StateStore& store, const FileChange& change) {
  if (change.kind == ChangeKind::Create)
    return unified_diff({change.path, "", false},
                        {change.path, change.content, true, change.mode.value_or(0644)});
  DiffSide before = current_side(workspace, change);
  DiffSide after = before;
  if (change.kind == ChangeKind::Delete) {
    if (!change.base_hash.empty() && change.base_hash != content_hash(before.content))
      stale(change.path, "changed since it was created");
    after.content.clear();
    after.exists = false;
    return unified_diff(before, after);
  }
  after.content = apply_edits(before.content, edits_on(store, change, before.content));
  if (change.kind == ChangeKind::Rename) after.path = change.new_path;
  return unified_diff(before, after);
}

}  // namespace

std::string preview_diff(const Workspace& workspace, StateStore& store,
                         const Improvement& improvement) {
  std::string diff;
  for (const FileChange& change : improvement.changes) diff += file_diff(workspace, store, change);
  return diff;
}

}  // namespace tars::mcp
