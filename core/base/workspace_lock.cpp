#include "core/base/workspace_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "core/base/error.h"
#include "core/base/file_io.h"

namespace tars {

namespace {

fs::path lock_file(const Workspace& workspace) {
  return workspace.tars_dir() / "lock";
}

}  // namespace

std::optional<WorkspaceLock> WorkspaceLock::try_acquire(const Workspace& workspace,
                                                        const std::string& holder) {
  workspace.ensure_state_dir();
  int fd = ::open(lock_file(workspace).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    throw Error(ErrorKind::Io,
                "Cannot open " + lock_file(workspace).string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK) return std::nullopt;
    throw Error(ErrorKind::Io,
                "Cannot lock " + lock_file(workspace).string() + ": " + std::strerror(saved));
  }
  WorkspaceLock lock(fd);
  lock.set_holder(holder);
  return lock;
}

WorkspaceLock WorkspaceLock::acquire(const Workspace& workspace, const std::string& holder,
                                     std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  auto lock = try_acquire(workspace, holder);
  while (!lock && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (auto next = try_acquire(workspace, holder)) lock.emplace(std::move(*next));
  }
  if (!lock) {
    std::string current = WorkspaceLock::holder(workspace);
    throw Error(ErrorKind::Busy,
                "Workspace busy: " + (current.empty() ? "another execution" : current) +
                    " is running; wait for it (tarscli execute monitor) and retry");
  }
  return std::move(*lock);
}

std::string WorkspaceLock::holder(const Workspace& workspace) {
  auto text = read_file_if_exists(lock_file(workspace));
  if (!text) return "";
  while (!text->empty() && (text->back() == '\n' || text->back() == ' ')) text->pop_back();
  return *text;
}

WorkspaceLock::WorkspaceLock(WorkspaceLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

WorkspaceLock::~WorkspaceLock() {
  if (fd_ < 0) return;
  // Clear the holder first so nobody reads a stale name after we let go.
  if (::ftruncate(fd_, 0) != 0) { /* best effort: the name is only informational */
  }
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

void WorkspaceLock::set_holder(const std::string& holder) {
  std::string line = holder + " (pid " + std::to_string(::getpid()) + ")\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, line.data(), line.size(), 0) < 0) {
    /* best effort: the name is only informational */
  }
}

}  // namespace tars
