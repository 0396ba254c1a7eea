#include "core/base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/base/error.h"

namespace tars {

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error = errno) {
  throw Error(ErrorKind::Io, what + " " + path.string() + ": " + std::strerror(error));
}

// Closes the descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

void write_all(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("Cannot write", path);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

void fsync_fd(int fd, const fs::path& path) {
  if (::fsync(fd) != 0) fail("Cannot fsync", path);
}

}  // namespace

std::optional<std::string> read_file_if_exists(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    fail("Cannot open", path);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) fail("Cannot stat", path);
  if (S_ISDIR(info.st_mode))
    throw Error(ErrorKind::Io, "Cannot read " + path.string() + ": is a directory");
  // One byte more than its size, so reading to the end never grows (copies) the buffer.
  std::string content;
  content.resize(static_cast<std::size_t>(info.st_size) + 1);
  std::size_t used = 0;
  while (true) {
    if (used == content.size()) content.resize(content.size() * 2);  // the file grew
    ssize_t got = ::read(fd.get(), content.data() + used, content.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      fail("Cannot read", path);
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  content.resize(used);
  return content;
}

std::string read_file(const fs::path& path) {
  auto content = read_file_if_exists(path);
  if (!content) fail("Cannot read", path, ENOENT);
  return std::move(*content);
}

std::optional<unsigned> file_mode(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    fail("Cannot stat", path);
  }
  return static_cast<unsigned>(info.st_mode & 07777);
}

fs::path temp_path_for(const fs::path& target) {
  return target.parent_path() / ("." + target.filename().string() + ".tars-tmp");
}

fs::path write_temp(const fs::path& target, std::string_view content, unsigned mode) {
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  if (error)
    throw Error(ErrorKind::Io,
                "Cannot create " + target.parent_path().string() + ": " + error.message());
  fs::path temp = temp_path_for(target);
  Fd fd(::open(temp.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600));
  if (fd.get() < 0) fail("Cannot create", temp);
  write_all(fd.get(), content, temp);
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) fail("Cannot chmod", temp);
  if (::close(fd.release()) != 0) fail("Cannot close", temp);
  return temp;
}

void replace_with(const fs::path& temp, const fs::path& target) {
  if (::rename(temp.c_str(), target.c_str()) != 0)
    fail("Cannot rename " + temp.string() + " to", target);
}

void fsync_path(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail("Cannot open", path);
  fsync_fd(fd.get(), path);
}

void sync_filesystem(const fs::path& any_path) {
  Fd fd(::open(any_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail("Cannot open", any_path);
  if (::syncfs(fd.get()) != 0) fail("Cannot sync the file system of", any_path);
}

void write_file_atomic(const fs::path& target, std::string_view content,
                       std::optional<unsigned> mode) {
  unsigned final_mode = mode.value_or(file_mode(target).value_or(0644));
  fs::path temp = write_temp(target, content, final_mode);
  fsync_path(temp);
  replace_with(temp, target);
  fsync_path(target.parent_path());
}

void remove_file_durable(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail("Cannot remove", path);
  fsync_path(path.parent_path());
}

void remove_empty_parents(const fs::path& dir, const fs::path& stop) {
  for (fs::path current = dir; current != stop && current.has_relative_path();
       current = current.parent_path()) {
    auto [stop_end, unused] =
        std::mismatch(stop.begin(), stop.end(), current.begin(), current.end());
    if (stop_end != stop.end()) return;                            // not below stop
    if (::rmdir(current.c_str()) != 0 && errno != ENOENT) return;  // not empty
  }
}

}  // namespace tars
