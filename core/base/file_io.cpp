#include "core/base/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/base/dir_handle.h"
#include "core/base/error.h"
#include "core/base/fault.h"
#include "core/base/input_limit.h"
#include "core/base/quote.h"
#include "core/base/unique_fd.h"

namespace tars {

void throw_io_error(std::string_view what, std::string_view shown, int error) {
  throw Error(ErrorKind::Io,
              std::string(what) + " " + quote_path(shown) + ": " + std::strerror(error));
}

std::string file_type_name(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symlink";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "a special file";
}

void require_regular(const struct stat& info, std::string_view shown) {
  if (S_ISREG(info.st_mode)) return;
  throw Error(ErrorKind::Io,
              quote_path(shown) + " is " + file_type_name(info.st_mode) + ", not a regular file");
}

namespace {

// Appends what `fd` holds to `content` from `used` on; returns the bytes read in all.
std::size_t read_to_end(int fd, std::string& content, std::size_t used, std::string_view shown) {
  while (true) {
    if (used == content.size()) {
      check_input_size(used + 1, shown);
      content.resize(
          std::min(std::max(content.size() * 2, std::size_t{65536}), max_input_size() + 1));
    }
    ssize_t got = ::read(fd, content.data() + used, content.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_io_error("Cannot read", shown, errno);
    }
    if (got == 0) return used;
    used += static_cast<std::size_t>(got);
  }
}

}  // namespace

std::string read_open_file(int fd, std::string_view shown) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw_io_error("Cannot stat", shown, errno);
  require_regular(info, shown);
  auto size = static_cast<std::size_t>(info.st_size);
  check_input_size(size, shown);
  // One byte more than its size, so reading to the end never grows (copies) the buffer.
  std::string content;
  content.resize(size + 1);
  content.resize(read_to_end(fd, content, 0, shown));
  return content;
}

std::string read_stream(int fd, std::string_view shown) {
  std::string content;
  content.resize(read_to_end(fd, content, 0, shown));
  return content;
}

void write_all(int fd, std::string_view content, std::string_view shown) {
  if (int injected = injected_write_error()) throw_io_error("Cannot write", shown, injected);
  while (!content.empty()) {
    ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_io_error("Cannot write", shown, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

std::optional<std::string> read_file_if_exists(const fs::path& path) {
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw_io_error("Cannot stat", path.string(), errno);
  }
  require_regular(before, path.string());  // a device is never opened
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw_io_error("Cannot open", path.string(), errno);
  }
  return read_open_file(fd.get(), path.string());
}

std::string read_file(const fs::path& path) {
  auto content = read_file_if_exists(path);
  if (!content) throw_io_error("Cannot read", path.string(), ENOENT);
  return std::move(*content);
}

std::string read_input(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      throw Error(ErrorKind::NotFound, "Input file not found: " + quote_path(path.string()));
    throw_io_error("Cannot stat", path.string(), errno);
  }
  if (!S_ISREG(info.st_mode))
    throw Error(ErrorKind::BadInput, quote_path(path.string()) + " is " +
                                         file_type_name(info.st_mode) +
                                         ", not a regular file; TARS imports files only (or - "
                                         "for standard input)");
  return read_file(path);
}

std::optional<unsigned> file_mode(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw_io_error("Cannot stat", path.string(), errno);
  }
  return static_cast<unsigned>(info.st_mode & 07777);
}

void fsync_path(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) throw_io_error("Cannot open", path.string(), errno);
  if (::fsync(fd.get()) != 0) throw_io_error("Cannot fsync", path.string(), errno);
}

void sync_filesystem(const fs::path& any_path) {
  UniqueFd fd(::open(any_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) throw_io_error("Cannot open", any_path.string(), errno);
  if (::syncfs(fd.get()) != 0)
    throw_io_error("Cannot sync the file system of", any_path.string(), errno);
}

void write_file_atomic(const fs::path& target, std::string_view content,
                       std::optional<unsigned> mode) {
  DirHandle dir = DirHandle::open_path(target.has_parent_path() ? target.parent_path() : ".");
  std::string name = target.filename().string();
  unsigned bits = 0644;
  if (mode)
    bits = *mode;
  else if (auto existing = dir.stat(name); existing && S_ISREG(existing->st_mode))
    bits = existing->st_mode & 0777;
  dir.write_atomic(name, content, bits);
}

}  // namespace tars
