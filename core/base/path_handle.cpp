#include "core/base/path_handle.h"

#include "core/base/error.h"
#include "core/base/quote.h"

namespace tars {

PathHandle::PathHandle(DirHandle nearest, std::string missing, std::string name,
                       std::string relative)
    : dir_(std::move(nearest)),
      missing_(std::move(missing)),
      name_(std::move(name)),
      relative_(std::move(relative)) {}

const DirHandle& PathHandle::dir() const {
  if (!missing_.empty())
    throw Error(ErrorKind::Internal, "the directory of " + quote_path(relative_) + " is missing");
  return dir_;
}

void PathHandle::make_dir() {
  if (missing_.empty()) return;
  dir_ = dir_.make_dir(missing_);
  missing_.clear();
}

fs::path PathHandle::absolute() const {
  fs::path path = dir_.path();
  if (!missing_.empty()) path /= missing_;
  return path / name_;
}

std::optional<struct stat> PathHandle::stat() const {
  if (!missing_.empty()) return std::nullopt;
  return dir_.stat(name_);
}

std::optional<std::string> PathHandle::read() const {
  if (!missing_.empty()) return std::nullopt;
  return dir_.read(name_);
}

}  // namespace tars
