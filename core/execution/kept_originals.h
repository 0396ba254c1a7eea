#pragma once
// Kept originals: before an execution replaces or removes a file, the file itself (its
// inode) is hard-linked under .tars/originals/<context>/<file-op id>. Replacing the file
// then frees nothing, and rollback renames the kept file back: the original bytes, mode
// and inode return without a write. The journal in state.db stays the record: a kept
// file is used only while it still holds the journaled hash, else rollback restores
// from the journal. Approving, or rolling back everything, discards the context's kept
// files; that is when their blocks are freed.
#include <cstdint>
#include <string>

#include "core/base/workspace.h"

namespace tars {

class KeptOriginals {
 public:
  KeptOriginals(const Workspace& workspace, const std::string& context_id);

  fs::path path_of(std::int64_t op_id) const;

  // Creates the context's directory; false when it cannot be made (keeping is then off).
  bool prepare() const;
  // Hard-links `file` as op_id's original; false when the file system refuses (another
  // file system, no hard links): the execution then replaces the file without keeping it.
  bool keep(const fs::path& file, std::int64_t op_id) const;
  // Moves `file` (being deleted, or the source of a rename) aside as op_id's original;
  // false when it cannot, and the caller removes it instead.
  bool move_aside(const fs::path& file, std::int64_t op_id) const;
  // Whether op_id's kept file exists and still holds `hash`.
  bool holds(std::int64_t op_id, const std::string& hash) const;
  void forget(std::int64_t op_id) const;  // removes one kept file, if any
  void discard() const;                   // removes the context's directory and its files

 private:
  fs::path dir_;
};

}  // namespace tars
