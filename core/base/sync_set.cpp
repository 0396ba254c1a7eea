#include "core/base/sync_set.h"

#include <cstdlib>

#include "core/base/error.h"

namespace tars {

namespace {

std::size_t per_file_limit() {
  if (const char* configured = std::getenv("TARS_SYNCFS_ABOVE")) {
    char* end = nullptr;
    unsigned long limit = std::strtoul(configured, &end, 10);
    if (end != configured && *end == '\0') return limit;
  }
  return kPerFileSyncLimit;
}

}  // namespace

SyncSet::SyncSet(std::size_t files) : per_file_(files <= per_file_limit()) {}

void SyncSet::add(const DirHandle& dir) {
  if (!per_file_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  dirs_.emplace(dir.fd(), dir);
}

void SyncSet::add_with_parents(const DirHandle& root, std::string_view relative) {
  if (!per_file_) return;
  add(root);
  for (std::size_t slash = 0; !relative.empty(); ++slash) {
    slash = relative.find('/', slash);
    try {
      if (auto dir = root.find_dir(relative.substr(0, slash))) add(*dir);
    } catch (const Error&) {
      // now a symlink or a file: no entry of ours is left there to make durable
    }
    if (slash == std::string_view::npos) break;
  }
}

void SyncSet::sync_contents(const DirHandle& root) {
  if (!per_file_) root.sync_filesystem();  // else each was fsynced as it was written
}

void SyncSet::sync(const DirHandle& root) {
  if (!per_file_) {
    root.sync_filesystem();
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [fd, dir] : dirs_)
    if (dir.info().st_nlink > 0) dir.fsync();  // not one removed since
  dirs_.clear();
}

}  // namespace tars
