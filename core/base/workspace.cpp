#include "core/base/workspace.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "core/base/error.h"
#include "core/base/file_io.h"

namespace tars {

namespace {

bool is_inside(const fs::path& path, const fs::path& root) {
  auto [root_end, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

// The first component of `relative` names a directory improvements may never touch.
bool is_reserved(const fs::path& relative) {
  if (relative.empty()) return false;
  const std::string first = relative.begin()->string();
  return first == ".git" || first == ".tars";
}

[[noreturn]] void refuse(std::string_view path, const std::string& why) {
  throw Error(ErrorKind::PlanInvalid,
              "Execution plan validation failed: path '" + std::string(path) + "' " + why);
}

}  // namespace

struct Workspace::DirectoryCache {
  std::mutex mutex;
  std::unordered_map<std::string, fs::path> canonical;
};

Workspace::Workspace(const fs::path& root) : cache_(std::make_shared<DirectoryCache>()) {
  std::error_code error;
  root_ = fs::canonical(root, error);
  if (error)
    throw Error(ErrorKind::NotFound,
                "Workspace not found: " + root.string() + ": " + error.message());
  if (!fs::is_directory(root_))
    throw Error(ErrorKind::NotFound, "Workspace is not a directory: " + root_.string());
}

Workspace Workspace::discover(const std::optional<fs::path>& explicit_root, const fs::path& cwd) {
  if (explicit_root) return Workspace(fs::absolute(cwd / *explicit_root));
  std::error_code error;
  fs::path start = fs::canonical(cwd, error);
  if (error) start = fs::absolute(cwd);
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::is_directory(dir / ".tars", error)) return Workspace(dir);
    if (dir == dir.parent_path()) break;
  }
  return Workspace(start);
}

void Workspace::ensure_state_dir() const {
  std::error_code error;
  bool fresh = !fs::exists(tars_dir(), error);
  fs::create_directories(improvements_dir(), error);
  // Attaching an editor to a repository must not leave an untracked directory in it.
  if (!error && fresh)
    write_file_atomic(tars_dir() / ".gitignore",
                      "# Written by TARS: its state belongs to this machine. To share a\n"
                      "# config, `git add -f .tars/config.json`.\n*\n",
                      0644);
  if (error)
    throw Error(ErrorKind::Io,
                "Cannot create " + improvements_dir().string() + ": " + error.message());
}

fs::path Workspace::resolve(std::string_view path) const {
  if (path.empty()) refuse(path, "is empty");
  if (path.find('\0') != std::string_view::npos) refuse(path, "contains a NUL byte");
  fs::path given(path);
  for (const auto& part : given)
    if (part == "..") refuse(path, "is outside the workspace (contains '..')");
  fs::path joined = (given.is_absolute() ? given : root_ / given).lexically_normal();
  if (joined.filename().empty()) joined = joined.parent_path();
  // Symlinks are resolved in every existing component, so a link cannot lead outside.
  fs::path resolved = canonical_directory(joined.parent_path()) / joined.filename();
  std::error_code missing;  // a file about to be created does not exist yet
  if (fs::is_symlink(fs::symlink_status(resolved, missing))) {
    std::error_code error;
    resolved = fs::weakly_canonical(resolved, error);
    if (error) refuse(path, "cannot be resolved: " + error.message());
  }
  if (!is_inside(resolved, root_) || resolved == root_)
    refuse(path, "is outside the workspace " + root_.string());
  if (is_reserved(resolved.lexically_relative(root_)))
    refuse(path, "is inside .git/ or .tars/, which improvements never touch");
  return resolved;
}

fs::path Workspace::canonical_directory(const fs::path& directory) const {
  std::lock_guard<std::mutex> lock(cache_->mutex);
  auto it = cache_->canonical.find(directory.string());
  if (it != cache_->canonical.end()) return it->second;
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(directory, error);
  if (error) return directory;
  if (fs::is_directory(directory, error)) cache_->canonical.emplace(directory.string(), canonical);
  return canonical;
}

std::string Workspace::relative(const fs::path& absolute) const {
  return absolute.lexically_relative(root_).generic_string();
}

}  // namespace tars
