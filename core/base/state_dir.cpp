#include "core/base/state_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/quote.h"

namespace tars {

bool is_own_uid(unsigned uid) {
  if (uid == ::geteuid()) return true;
  const char* sudo_uid = std::getenv("SUDO_UID");
  return ::geteuid() == 0 && sudo_uid && std::to_string(uid) == sudo_uid;
}

void require_own(const struct stat& info, std::string_view shown) {
  if (is_own_uid(info.st_uid)) return;
  throw Error(ErrorKind::Io, quote_path(shown) + " belongs to uid " + std::to_string(info.st_uid) +
                                 ", not to you (uid " + std::to_string(::geteuid()) +
                                 "); TARS does not use state another user controls");
}

namespace {

bool is_file_system_root(const DirHandle& dir) {
  struct stat info = dir.info();
  struct stat slash {};
  return ::stat("/", &slash) == 0 && slash.st_dev == info.st_dev && slash.st_ino == info.st_ino;
}

}  // namespace

std::optional<StateDir> StateDir::open(const DirHandle& root, bool create) {
  if (create && !root.stat(kName) && is_file_system_root(root))
    throw Error(ErrorKind::Io, "Refusing to create " + quote_path((root.path() / kName).string()) +
                                   ": " + quote_path(root.path().string()) +
                                   " is a file system's root, not a project");
  std::optional<DirHandle> dir = root.find_dir(kName);
  if (!dir && create) dir = root.make_dir(kName);
  if (!dir) return std::nullopt;
  require_own(dir->info(), dir->path().string());
  return StateDir(std::move(*dir));
}

std::optional<DirHandle> StateDir::walk(std::string_view relative, bool create) const {
  DirHandle current = dir_;
  std::size_t start = 0;
  while (start < relative.size()) {
    std::size_t end = std::min(relative.find('/', start), relative.size());
    std::string part(relative.substr(start, end - start));
    std::optional<DirHandle> next = current.find_dir(part);
    if (!next && create) next = current.make_dir(part);
    if (!next) return std::nullopt;
    require_own(next->info(), next->path().string());
    current = std::move(*next);
    start = end + 1;
  }
  return current;
}

std::optional<DirHandle> StateDir::find_dir(std::string_view relative) const {
  return walk(relative, false);
}

DirHandle StateDir::make_dir(std::string_view relative) const {
  return *walk(relative, true);
}

void StateDir::check_file(const DirHandle& dir, const std::string& name) const {
  auto info = dir.stat(name);
  if (!info) return;
  std::string shown = (dir.path() / name).string();
  if (S_ISLNK(info->st_mode))
    throw Error(ErrorKind::Io, quote_path(shown) +
                                   " is a symlink; TARS never follows symlinks in .tars/ "
                                   "(remove it if you did not make it)");
  require_regular(*info, shown);
  require_own(*info, shown);
}

void StateDir::check_entries() const {
  for (const char* file :
       {"state.db", "state.db-wal", "state.db-shm", "state.db-journal", "lock", "config.json"})
    check_file(dir_, file);
  for (const char* directory : {"improvements", "originals", "backups", "staging", "generators"})
    find_dir(directory);
}

}  // namespace tars
