#include "core/base/workspace_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/quote.h"
#include "core/base/unique_fd.h"

namespace tars {

namespace {

constexpr const char* kLockName = "lock";

// Opened without following a symlink and without truncating: whatever is planted at
// .tars/lock is refused, never written through. One link only, so no other name of
// the file is ever truncated by set_holder().
UniqueFd open_lock(const StateDir& state) {
  const DirHandle& dir = state.dir();
  std::string shown = (dir.path() / kLockName).string();
  UniqueFd fd(
      ::openat(dir.fd(), kLockName, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644));
  if (!fd.valid()) {
    if (errno == ELOOP) state.check_file(dir, kLockName);  // names the symlink
    throw_io_error("Cannot open", shown, errno);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw_io_error("Cannot stat", shown, errno);
  require_regular(info, shown);
  require_own(info, shown);
  if (info.st_nlink != 1)
    throw Error(ErrorKind::Io, quote_path(shown) +
                                   " has other hard links; TARS refuses to use it "
                                   "(remove it if you did not make it)");
  return fd;
}

}  // namespace

std::optional<WorkspaceLock> WorkspaceLock::try_acquire(const Workspace& workspace,
                                                        const std::string& holder) {
  UniqueFd fd = open_lock(workspace.ensure_state_dir());
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return std::nullopt;
    throw_io_error("Cannot lock", (workspace.tars_dir() / kLockName).string(), errno);
  }
  WorkspaceLock lock(fd.release());
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
  std::optional<std::string> text;
  try {
    if (auto state = workspace.state()) text = state->dir().read(kLockName);
  } catch (const Error&) {
    return "";  // only informational
  }
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
