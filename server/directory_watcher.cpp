#include "server/directory_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <array>
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>

namespace tars::server {

struct DirectoryWatcher::State : std::enable_shared_from_this<State> {
  explicit State(asio::io_context& loop) : events(loop) {}

  void read() {
    events.async_read_some(asio::buffer(buffer),
                           [self = shared_from_this()](std::error_code error, std::size_t) {
                             if (error) return;  // closed: the watcher is gone
                             self->changed = true;
                             self->read();
                           });
  }

  asio::posix::stream_descriptor events;
  std::array<char, 4096> buffer;
  bool changed = true;
};

DirectoryWatcher::DirectoryWatcher(asio::io_context& loop, const std::filesystem::path& directory)
    : state_(std::make_shared<State>(loop)) {
  int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (fd < 0 ||
      inotify_add_watch(fd, directory.c_str(),
                        IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM) < 0) {
    spdlog::warn("cannot watch {}; improvements reload on save and on tars/improvements only",
                 directory.string());
    if (fd >= 0) ::close(fd);
    return;
  }
  state_->events.assign(fd);
  state_->read();
}

DirectoryWatcher::~DirectoryWatcher() {
  std::error_code ignored;
  state_->events.close(ignored);
}

bool DirectoryWatcher::watching() const {
  return state_->events.is_open();
}

bool DirectoryWatcher::take_change() {
  return std::exchange(state_->changed, false);
}

}  // namespace tars::server
