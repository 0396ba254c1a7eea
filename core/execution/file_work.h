#pragma once
// The prepare phase of an execution, per file change: the workspace file resolved once
// into a handle, what it holds now (read without following a symlink; anything but a
// regular file refused), and what it will hold. Nothing is written or recorded here.
#include <optional>
#include <string>

#include "core/base/path_handle.h"
#include "core/base/workspace.h"
#include "core/model/improvement.h"
#include "core/store/state_store.h"

namespace tars {

struct FileWork {
  const FileChange* change = nullptr;
  std::string path;         // workspace-relative source path
  std::string result_path;  // the path that holds new_content afterwards ("" for delete)
  std::optional<PathHandle> source;
  std::optional<PathHandle> target;     // the source, or a rename's new path
  std::optional<std::string> original;  // nullopt: the file does not exist yet
  std::string before_hash;
  unsigned mode = 0644;      // of the original (all its bits, journaled) or of a new file
  unsigned new_mode = 0644;  // of the file written: the original's bits unless the change sets them
  std::string new_content;
  std::string after_hash;  // "" when no file remains (delete)
  std::string transaction_id;
  std::string temp;  // the temp file the write made beside the target, until renamed
};

// Throws Error(Stale) when the file changed in a way the edits cannot be rebased over,
// Error(PlanInvalid) when the path leads through a symlink or names something that is
// not a regular file (a FIFO, a device, a directory, a symlink).
FileWork prepare_file(const Workspace& workspace, StateStore& store, const FileChange& change);

}  // namespace tars
