#include "core/execution/kept_originals.h"

#include <vector>

#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/hash.h"
#include "core/base/parallel.h"

namespace tars {

KeptOriginals::KeptOriginals(const Workspace& workspace, const std::string& context_id)
    : workspace_(workspace), context_id_(context_id) {
  try {
    if (auto state = workspace_.state()) dir_ = state->find_dir(relative_dir());
  } catch (const Error&) {
    // not a directory of ours (a symlink, another user's): nothing kept is used, the
    // journal has every original
  }
}

void KeptOriginals::prepare() {
  dir_ = workspace_.ensure_state_dir().make_dir(relative_dir());
}

bool KeptOriginals::keep(const PathHandle& file, std::int64_t op_id) const {
  if (!dir_) return false;
  std::string kept = std::to_string(op_id);
  dir_->remove(kept);  // a leftover of an interrupted attempt
  return file.dir().link(file.name(), *dir_, kept);
}

bool KeptOriginals::move_aside(const PathHandle& file, std::int64_t op_id) const {
  if (!dir_) return false;
  try {
    file.dir().rename(file.name(), *dir_, std::to_string(op_id));
  } catch (const Error&) {
    return false;
  }
  return true;
}

bool KeptOriginals::holds(std::int64_t op_id, const std::string& hash) const {
  if (!dir_) return false;
  try {
    auto content = dir_->read(std::to_string(op_id));
    return content && content_hash(*content) == hash;
  } catch (const Error&) {
    return false;  // unreadable, or not a regular file: the journal has the bytes
  }
}

bool KeptOriginals::hold_replaced(std::int64_t op_id, const PathHandle& file) const {
  if (!dir_) return false;
  std::string held = replaced_name(op_id);
  dir_->remove(held);  // a leftover of an interrupted rollback
  return file.dir().link(file.name(), *dir_, held);
}

void KeptOriginals::release_replaced(std::int64_t op_id) const {
  if (dir_) dir_->remove(replaced_name(op_id));
}

void KeptOriginals::forget(std::int64_t op_id) const {
  if (!dir_) return;
  dir_->remove(std::to_string(op_id));
  dir_->remove(replaced_name(op_id));
}

void KeptOriginals::discard() const {
  if (!dir_) return;
  std::vector<std::string> files = dir_->entries();
  parallel_for(files.size(), kRemovalThreads, [&](std::size_t i) { dir_->remove_tree(files[i]); });
  durability_point("kept originals removed for", context_id_);
  auto state = workspace_.state();
  auto originals = state ? state->find_dir("originals") : std::nullopt;
  if (!originals) return;
  originals->remove_dir(context_id_);
  state->dir().remove_dir("originals");  // when no other context keeps any
}

}  // namespace tars
