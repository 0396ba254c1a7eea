#include "server/directory_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

namespace tars::server {

DirectoryWatcher::DirectoryWatcher(const std::filesystem::path& directory)
    : inotify_fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)), stop_fd_(eventfd(0, EFD_CLOEXEC)) {
  if (inotify_fd_ < 0 || stop_fd_ < 0 ||
      inotify_add_watch(inotify_fd_, directory.c_str(),
                        IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM) < 0) {
    spdlog::warn("cannot watch {}; improvements reload on save and on tars/improvements only",
                 directory.string());
    return;
  }
  thread_ = std::thread([this] { run(); });
}

DirectoryWatcher::~DirectoryWatcher() {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    if (::write(stop_fd_, &one, sizeof one) < 0) spdlog::warn("cannot stop the directory watcher");
    thread_.join();
  }
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

void DirectoryWatcher::run() {
  pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  char buffer[4096];
  while (::poll(fds, 2, -1) >= 0 || errno == EINTR) {
    if (fds[1].revents) return;
    if (fds[0].revents && ::read(inotify_fd_, buffer, sizeof buffer) > 0) changed_ = true;
  }
}

}  // namespace tars::server
