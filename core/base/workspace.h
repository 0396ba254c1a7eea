#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/dir_handle.h"
#include "core/base/path_handle.h"
#include "core/base/path_parts.h"
#include "core/base/state_dir.h"

namespace tars {

namespace fs = std::filesystem;

// A workspace root and its .tars/ state directory. Every path an improvement names is
// checked by resolve() and opened by open(), the only gates to the file system.
class Workspace {
 public:
  // --workspace if given, else the nearest parent of `cwd` holding .tars/, else cwd.
  static Workspace discover(const std::optional<fs::path>& explicit_root, const fs::path& cwd);
  explicit Workspace(const fs::path& root);  // root is canonicalised

  const fs::path& root() const { return root_; }
  const DirHandle& root_dir() const { return root_dir_; }
  fs::path tars_dir() const { return root_ / StateDir::kName; }
  fs::path improvements_dir() const { return tars_dir() / "improvements"; }
  fs::path state_db() const { return tars_dir() / "state.db"; }
  fs::path config_file() const { return tars_dir() / "config.json"; }
  // .tars/, nullopt when it does not exist (StateDir refuses a symlink or another
  // user's directory).
  std::optional<StateDir> state() const;
  // Creates .tars/ and .tars/improvements/ when missing (never at a file system root).
  StateDir ensure_state_dir() const;

  // Absolute path for a workspace-relative (or absolute) path. Throws
  // Error(PlanInvalid, "... outside the workspace ...") for '..' escapes, symlinks
  // that resolve outside the root, and anything under .git/ or .tars/.
  // With `follow_last` false a symlink named by the last component is the entry itself.
  fs::path resolve(std::string_view path, bool follow_last = true) const;
  // The file `path` names, resolved once into a handle: resolve()'s canonical path,
  // whose directory is then opened beneath the root without following any symlink.
  // Error(PlanInvalid) as resolve(), and when a directory on the way is (now) a symlink
  // or no directory.
  PathHandle open(std::string_view path) const;
  // The same for the entry itself: a symlink the path names is not followed (what git
  // records as a symlink is changed as one).
  PathHandle open_entry(std::string_view path) const;
  // Workspace-relative '/'-separated form of an absolute path inside the root.
  std::string relative(const fs::path& absolute) const;
  // Removes the empty directories from `relative_dir` upwards, keeping the root.
  void remove_empty_dirs(std::string_view relative_dir) const;

 private:
  // Canonical form of an existing directory, cached: resolving thousands of paths would
  // otherwise readlink every component of every path.
  fs::path canonical_directory(const fs::path& directory) const;
  PathHandle open_resolved(std::string_view path, const std::string& canonical) const;

  fs::path root_;
  DirHandle root_dir_;
  struct DirectoryCache;
  std::shared_ptr<DirectoryCache> cache_;
};

}  // namespace tars
