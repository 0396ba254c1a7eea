#pragma once
// Directory handles shared while they are in use: the files of one directory resolve to
// one descriptor (an execution of thousands of files holds one per directory, not one
// per file), and a directory is opened afresh once nobody holds it, so a long-lived
// process never acts on a handle opened before a person moved the directory.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/base/dir_handle.h"

namespace tars {

class DirCache {
 public:
  // base.find_dir(relative), shared with whoever still holds the same directory.
  std::optional<DirHandle> find_dir(const DirHandle& base, std::string_view relative);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<const DirHandle::Opened>> open_;
  std::size_t prune_at_ = 64;
};

}  // namespace tars
