#pragma once
// One execution at a time per workspace: an flock(2) on .tars/lock, which the kernel
// releases when its holder dies, so a crash never leaves the workspace locked. The
// file holds a line naming the holder, for the "workspace busy" message.
#include <chrono>
#include <optional>
#include <string>

#include "core/base/workspace.h"

namespace tars {

class WorkspaceLock {
 public:
  // nullopt when another process holds the lock.
  static std::optional<WorkspaceLock> try_acquire(const Workspace& workspace,
                                                  const std::string& holder);
  // Throws Error(Busy, "Workspace busy: <holder> is running; ...") when still held
  // after `wait` (default: fail fast).
  static WorkspaceLock acquire(const Workspace& workspace, const std::string& holder,
                               std::chrono::milliseconds wait = std::chrono::milliseconds(0));
  // What the current holder wrote ("" when unknown).
  static std::string holder(const Workspace& workspace);

  WorkspaceLock(WorkspaceLock&& other) noexcept;
  WorkspaceLock& operator=(WorkspaceLock&& other) = delete;
  WorkspaceLock(const WorkspaceLock&) = delete;
  ~WorkspaceLock();

  void set_holder(const std::string& holder);

 private:
  explicit WorkspaceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace tars
