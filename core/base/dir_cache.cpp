#include "core/base/dir_cache.h"

namespace tars {

std::optional<DirHandle> DirCache::find_dir(const DirHandle& base, std::string_view relative) {
  std::string key(relative);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = open_.find(key);
    if (it != open_.end())
      if (auto opened = it->second.lock()) return DirHandle(std::move(opened));
  }
  std::optional<DirHandle> found = base.find_dir(relative);
  if (!found) return found;
  std::lock_guard<std::mutex> lock(mutex_);
  open_[key] = found->opened_;
  if (open_.size() >= prune_at_) {
    std::erase_if(open_, [](const auto& entry) { return entry.second.expired(); });
    prune_at_ = std::max<std::size_t>(64, open_.size() * 2);
  }
  return found;
}

}  // namespace tars
