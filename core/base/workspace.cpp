#include "core/base/workspace.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/base/dir_cache.h"
#include "core/base/error.h"
#include "core/base/quote.h"

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
  return first == ".git" || first == StateDir::kName;
}

[[noreturn]] void refuse(std::string_view path, const std::string& why) {
  throw Error(ErrorKind::PlanInvalid,
              "Execution plan validation failed: path " + quote_path(path) + " " + why);
}

fs::path canonical_root(const fs::path& root) {
  std::error_code error;
  fs::path canonical = fs::canonical(root, error);
  if (error)
    throw Error(ErrorKind::NotFound,
                "Workspace not found: " + quote_path(root.string()) + ": " + error.message());
  if (!fs::is_directory(canonical))
    throw Error(ErrorKind::NotFound,
                "Workspace is not a directory: " + quote_path(canonical.string()));
  return canonical;
}

const char* kGitignore =
    "# Written by TARS: its state belongs to this machine. To share a\n"
    "# config, `git add -f .tars/config.json`.\n*\n";

}  // namespace

struct Workspace::DirectoryCache {
  std::mutex mutex;
  std::unordered_map<std::string, fs::path> canonical;
  DirCache handles;
};

Workspace::Workspace(const fs::path& root)
    : root_(canonical_root(root)),
      root_dir_(DirHandle::open_path(root_)),
      cache_(std::make_shared<DirectoryCache>()) {}

Workspace Workspace::discover(const std::optional<fs::path>& explicit_root, const fs::path& cwd) {
  if (explicit_root) return Workspace(fs::absolute(cwd / *explicit_root));
  std::error_code error;
  fs::path start = fs::canonical(cwd, error);
  if (error) start = fs::absolute(cwd);
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::is_directory(dir / StateDir::kName, error)) return Workspace(dir);
    if (dir == dir.parent_path()) break;
  }
  return Workspace(start);
}

std::optional<StateDir> Workspace::state() const {
  return StateDir::open(root_dir_, false);
}

StateDir Workspace::ensure_state_dir() const {
  bool fresh = !root_dir_.stat(StateDir::kName);
  StateDir state = *StateDir::open(root_dir_, true);
  state.make_dir("improvements");
  // Attaching an editor to a repository must not leave an untracked directory in it.
  if (fresh) state.dir().write_atomic(".gitignore", kGitignore, 0644);
  return state;
}

fs::path Workspace::resolve(std::string_view path, bool follow_last) const {
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
  if (follow_last && fs::is_symlink(fs::symlink_status(resolved, missing))) {
    std::error_code error;
    resolved = fs::weakly_canonical(resolved, error);
    if (error) refuse(path, "cannot be resolved: " + error.message());
  }
  if (!is_inside(resolved, root_) || resolved == root_)
    refuse(path, "is outside the workspace " + quote_path(root_.string()));
  if (is_reserved(resolved.lexically_relative(root_)))
    refuse(path, "is inside .git/ or .tars/, which improvements never touch");
  return resolved;
}

PathHandle Workspace::open(std::string_view path) const {
  return open_resolved(path, relative(resolve(path)));
}

PathHandle Workspace::open_entry(std::string_view path) const {
  return open_resolved(path, relative(resolve(path, false)));
}

PathHandle Workspace::open_resolved(std::string_view path, const std::string& canonical) const {
  std::string name(file_name_of(canonical));
  std::string parent = parent_of(canonical);
  std::string missing;
  while (true) {
    std::optional<DirHandle> dir;
    try {
      dir = parent.empty() ? root_dir_ : cache_->handles.find_dir(root_dir_, parent);
    } catch (const Error& e) {
      refuse(path, std::string("cannot be opened safely: ") + e.what());
    }
    if (dir) return PathHandle(std::move(*dir), missing, name, canonical);
    std::string last(file_name_of(parent));
    missing = missing.empty() ? last : last + "/" + missing;
    parent = parent_of(parent);
  }
}

void Workspace::remove_empty_dirs(std::string_view relative_dir) const {
  std::vector<DirHandle> chain{root_dir_};
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < relative_dir.size()) {
    std::size_t end = std::min(relative_dir.find('/', start), relative_dir.size());
    std::string part(relative_dir.substr(start, end - start));
    std::optional<DirHandle> next;
    try {
      next = chain.back().find_dir(part);
    } catch (const Error&) {
      break;  // replaced by a symlink or a file: not a directory TARS made
    }
    if (!next) break;
    chain.push_back(std::move(*next));
    names.push_back(std::move(part));
    start = end + 1;
  }
  for (std::size_t i = names.size(); i-- > 0;)
    if (!chain[i].remove_dir(names[i])) return;  // not empty
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
