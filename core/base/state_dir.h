#pragma once
// The workspace's state directory (.tars/), opened without following symlinks. It, each
// directory TARS uses beneath it and the files it opens by name (the lock, state.db) are
// refused when they are a symlink or belong to another user: neither a cloned
// repository nor another user of the machine can steer where TARS reads or writes.
#include <optional>
#include <string>
#include <string_view>

#include "core/base/dir_handle.h"

namespace tars {

class StateDir {
 public:
  static constexpr const char* kName = ".tars";

  // .tars/ beneath `root`; nullopt when it is missing and `create` is false. Never
  // created at a file system's root ("/.tars"): that is nobody's project.
  static std::optional<StateDir> open(const DirHandle& root, bool create);

  const DirHandle& dir() const { return dir_; }
  // A directory beneath .tars/ ("originals/ctx-1"), every part checked; nullopt when missing.
  std::optional<DirHandle> find_dir(std::string_view relative) const;
  DirHandle make_dir(std::string_view relative) const;
  // Refuses `name` in `dir` (beneath .tars/) when it exists and is a symlink, not a
  // regular file, or another user's. For files opened by name, as SQLite opens its own.
  void check_file(const DirHandle& dir, const std::string& name) const;
  // Refuses the workspace up front when an entry TARS uses by name is a symlink, the
  // wrong type or another user's: state.db and its journals, the lock, the config and
  // the directories (improvements, originals, backups, staging, generators).
  void check_entries() const;

 private:
  explicit StateDir(DirHandle dir) : dir_(std::move(dir)) {}
  std::optional<DirHandle> walk(std::string_view relative, bool create) const;

  DirHandle dir_;
};

// Whether the user running TARS owns files of `uid`: the effective user, or under
// sudo as root the user who ran sudo (git's rule for safe.directory).
bool is_own_uid(unsigned uid);
// Error(Io) unless `info` (of `shown`) belongs to the user.
void require_own(const struct stat& info, std::string_view shown);

}  // namespace tars
