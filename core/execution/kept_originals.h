#pragma once
// Kept originals: before an execution replaces or removes a file, the file itself (its
// inode) is hard-linked under .tars/originals/<context>/<file-op id>. Replacing the file
// then frees nothing, and rollback renames the kept file back: the original bytes, mode
// and inode return without a write. The journal in state.db stays the record: a kept
// file is used only while it still holds the journaled hash, else rollback restores
// from the journal. Approving, or rolling back everything, discards the context's kept
// files; that is when their blocks are freed. Every operation goes through directory
// handles (core/base/dir_handle.h): a symlink planted in .tars/ is refused, never followed.
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/workspace.h"

namespace tars {

// Freeing a file's blocks mostly waits on the disk (a discard on SSDs mounted with it),
// so files are removed more at a time than there are cores.
inline constexpr unsigned kRemovalThreads = 8;

class KeptOriginals {
 public:
  // Opens the context's directory when it exists and is one of ours.
  KeptOriginals(const Workspace& workspace, const std::string& context_id);

  // Creates the context's directory; an error when it cannot be made safely (a symlink
  // planted in .tars/): such a workspace is refused, not quietly handled otherwise.
  void prepare();
  // Hard-links `file` as op_id's original; false when the file system refuses (another
  // file system, no hard links): the execution then replaces the file without keeping it.
  bool keep(const PathHandle& file, std::int64_t op_id) const;
  // Moves `file` (being deleted, or the source of a rename) aside as op_id's original;
  // false when it cannot, and the caller removes it instead.
  bool move_aside(const PathHandle& file, std::int64_t op_id) const;
  // Whether op_id's kept file exists and still holds `hash`.
  bool holds(std::int64_t op_id, const std::string& hash) const;
  // Before a rollback renames op_id's original over `file` (what the execution wrote):
  // links `file` here, so the rename frees nothing. A rename over a file frees it on
  // the spot, one file at a time (the kernel serialises renames across directories),
  // and freeing mostly waits on the disk; release_replaced() frees them many at a time.
  bool hold_replaced(std::int64_t op_id, const PathHandle& file) const;
  void release_replaced(std::int64_t op_id) const;
  void forget(std::int64_t op_id) const;  // removes one kept file (and what it replaced)
  // The context's directory, when it exists; op_id's kept file there is named op_id.
  const std::optional<DirHandle>& dir() const { return dir_; }
  void discard() const;  // removes the context's directory and its files

 private:
  std::string relative_dir() const { return "originals/" + context_id_; }
  static std::string replaced_name(std::int64_t op_id) {
    return std::to_string(op_id) + ".replaced";
  }

  Workspace workspace_;
  std::string context_id_;
  std::optional<DirHandle> dir_;
};

}  // namespace tars
