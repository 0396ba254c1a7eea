#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tars {

namespace fs = std::filesystem;

// A workspace root and its .tars/ state directory. Every path an improvement names is
// resolved through resolve(), which is the only gate to the file system.
class Workspace {
 public:
  // --workspace if given, else the nearest parent of `cwd` holding .tars/, else cwd.
  static Workspace discover(const std::optional<fs::path>& explicit_root, const fs::path& cwd);
  explicit Workspace(const fs::path& root);  // root is canonicalised

  const fs::path& root() const { return root_; }
  fs::path tars_dir() const { return root_ / ".tars"; }
  fs::path improvements_dir() const { return tars_dir() / "improvements"; }
  fs::path state_db() const { return tars_dir() / "state.db"; }
  fs::path config_file() const { return tars_dir() / "config.json"; }
  void ensure_state_dir() const;  // creates .tars/ and .tars/improvements/

  // Absolute path for a workspace-relative (or absolute) path. Throws
  // Error(PlanInvalid, "... outside the workspace ...") for '..' escapes, symlinks
  // that resolve outside the root, and anything under .git/ or .tars/.
  fs::path resolve(std::string_view path) const;
  // Workspace-relative '/'-separated form of an absolute path inside the root.
  std::string relative(const fs::path& absolute) const;

 private:
  // Canonical form of an existing directory, cached: resolving thousands of paths would
  // otherwise readlink every component of every path.
  fs::path canonical_directory(const fs::path& directory) const;

  fs::path root_;
  struct DirectoryCache;
  std::shared_ptr<DirectoryCache> cache_;
};

}  // namespace tars
