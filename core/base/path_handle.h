#pragma once
// A workspace file resolved once (Workspace::open): the directory holding it, opened
// beneath the root without following a symlink, and its name there. Every later
// operation on the file goes through the handle, so where it acts was decided once;
// a symlink planted afterwards on the way is never followed.
#include <optional>
#include <string>

#include "core/base/dir_handle.h"

namespace tars {

class PathHandle {
 public:
  // `nearest`: the file's directory, or its nearest existing ancestor when `missing`
  // (the '/'-separated directories between them) is not empty.
  PathHandle(DirHandle nearest, std::string missing, std::string name, std::string relative);

  const std::string& relative() const { return relative_; }  // canonical, for messages
  const std::string& name() const { return name_; }
  bool has_dir() const { return missing_.empty(); }
  // The directory holding the file; make_dir() first unless has_dir().
  const DirHandle& dir() const;
  // Creates the missing directories (each without following a symlink).
  void make_dir();
  fs::path absolute() const;

  // The entry itself (lstat), nullopt when it (or its directory) does not exist.
  std::optional<struct stat> stat() const;
  // A regular file's bytes (DirHandle::read), nullopt when missing.
  std::optional<std::string> read() const;

 private:
  DirHandle dir_;
  std::string missing_;
  std::string name_;
  std::string relative_;
};

}  // namespace tars
