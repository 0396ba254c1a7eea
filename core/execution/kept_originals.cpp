#include "core/execution/kept_originals.h"

#include <unistd.h>

#include <system_error>
#include <vector>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/parallel.h"

namespace tars {

namespace {

// Freeing a file's blocks mostly waits on the disk (a discard on SSDs mounted with it),
// so more removals in flight than cores pays off.
constexpr unsigned kRemovalThreads = 8;

}  // namespace

KeptOriginals::KeptOriginals(const Workspace& workspace, const std::string& context_id)
    : dir_(workspace.tars_dir() / "originals" / context_id) {}

fs::path KeptOriginals::path_of(std::int64_t op_id) const {
  return dir_ / std::to_string(op_id);
}

bool KeptOriginals::prepare() const {
  std::error_code error;
  fs::create_directories(dir_, error);
  return !error;
}

bool KeptOriginals::keep(const fs::path& file, std::int64_t op_id) const {
  fs::path kept = path_of(op_id);
  ::unlink(kept.c_str());  // a leftover of an interrupted attempt
  return ::link(file.c_str(), kept.c_str()) == 0;
}

bool KeptOriginals::move_aside(const fs::path& file, std::int64_t op_id) const {
  return ::rename(file.c_str(), path_of(op_id).c_str()) == 0;
}

bool KeptOriginals::holds(std::int64_t op_id, const std::string& hash) const {
  try {
    auto content = read_file_if_exists(path_of(op_id));
    return content && content_hash(*content) == hash;
  } catch (const Error&) {
    return false;  // unreadable: the journal has the bytes
  }
}

void KeptOriginals::forget(std::int64_t op_id) const {
  ::unlink(path_of(op_id).c_str());
}

void KeptOriginals::discard() const {
  std::error_code error;
  if (!fs::is_directory(dir_, error)) return;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_, error)) files.push_back(entry.path());
  parallel_for(files.size(), kRemovalThreads, [&](std::size_t i) { ::unlink(files[i].c_str()); });
  fs::remove_all(dir_, error);
  ::rmdir(dir_.parent_path().c_str());  // .tars/originals/ when no other context keeps any
}

}  // namespace tars
