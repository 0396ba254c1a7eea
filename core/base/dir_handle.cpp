#include "core/base/dir_handle.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/quote.h"

namespace tars {

namespace {

std::atomic<bool> openat2_enabled{true};

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr std::string_view kTempSuffix = ".tars-tmp";
constexpr std::size_t kTempNameRoom = 200;  // of NAME_MAX (255): the rest is ours
constexpr std::size_t kTempTokenSize = 16;

// Whether `relative` is "a/b/c": no empty, "." or ".." part, not absolute.
bool is_plain_relative(std::string_view relative) {
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    std::string_view part = relative.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return relative.find('\0') == std::string_view::npos;
}

// 16 hex digits from the kernel's random pool: a name nobody can plant in advance.
std::string unpredictable_token() {
  unsigned char bytes[kTempTokenSize / 2];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno != EINTR) throw_io_error("Cannot read", "getrandom", errno);
    if (n > 0) got += static_cast<std::size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string token;
  for (unsigned char byte : bytes) {
    token += hex[byte >> 4];
    token += hex[byte & 15];
  }
  return token;
}

std::string temp_prefix(std::string_view target) {
  std::string prefix = ".";
  prefix += target.substr(0, kTempNameRoom);
  prefix += '.';
  return prefix;
}

[[noreturn]] void refuse_part(const std::string& shown, const struct stat* info) {
  if (info && S_ISLNK(info->st_mode))
    throw Error(ErrorKind::Io,
                quote_path(shown) + " is a symlink; TARS never follows a symlink there");
  std::string what = info ? file_type_name(info->st_mode) + ", not a directory" : "not a directory";
  throw Error(ErrorKind::Io, quote_path(shown) + " is " + what);
}

}  // namespace

// Handles are held while an operation runs, one per directory it touches: thousands for
// a large execution, past the usual soft limit of 1024 open files. The hard limit is
// what the system allows us; nothing here uses select(), which would mind.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

void set_openat2_enabled(bool enabled) {
  openat2_enabled = enabled;
}

DirHandle::DirHandle(UniqueFd fd, fs::path path)
    : opened_(std::make_shared<const Opened>(Opened{std::move(fd), std::move(path)})) {}

DirHandle DirHandle::open_path(const fs::path& directory) {
  raise_open_file_limit();
  UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) throw_io_error("Cannot open", directory.string(), errno);
  return DirHandle(std::move(fd), directory);
}

std::string DirHandle::shown(const std::string& name) const {
  return (path() / name).string();
}

struct stat DirHandle::info() const {
  struct stat info {};
  if (::fstat(fd(), &info) != 0) throw_io_error("Cannot stat", path().string(), errno);
  return info;
}

std::optional<DirHandle> DirHandle::child(const std::string& name, bool create,
                                          unsigned mode) const {
  UniqueFd fd(::openat(this->fd(), name.c_str(), kDirFlags));
  if (!fd.valid() && errno == ENOENT && create) {
    if (::mkdirat(this->fd(), name.c_str(), mode) != 0 && errno != EEXIST)
      throw_io_error("Cannot create", shown(name), errno);
    fd = UniqueFd(::openat(this->fd(), name.c_str(), kDirFlags));
  }
  if (fd.valid()) return DirHandle(std::move(fd), path() / name);
  if (errno == ENOENT) return std::nullopt;
  if (errno == ELOOP || errno == ENOTDIR) {
    auto entry = stat(name);
    refuse_part(shown(name), entry ? &*entry : nullptr);
  }
  throw_io_error("Cannot open", shown(name), errno);
}

std::optional<DirHandle> DirHandle::walk(std::string_view relative, bool create,
                                         unsigned mode) const {
  DirHandle current = *this;
  std::size_t start = 0;
  while (start < relative.size()) {
    std::size_t end = std::min(relative.find('/', start), relative.size());
    auto next = current.child(std::string(relative.substr(start, end - start)), create, mode);
    if (!next) return std::nullopt;
    current = std::move(*next);
    start = end + 1;
  }
  return current;
}

std::optional<DirHandle> DirHandle::find_dir(std::string_view relative) const {
  if (relative.empty()) return *this;
  if (!is_plain_relative(relative))
    throw Error(ErrorKind::Io,
                "Refusing the directory " + quote_path(relative) + ": not a plain relative path");
  if (openat2_enabled) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(kDirFlags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    std::string wanted(relative);
    long opened = ::syscall(SYS_openat2, fd(), wanted.c_str(), &how, sizeof how);
    if (opened >= 0) return DirHandle(UniqueFd(static_cast<int>(opened)), path() / wanted);
    if (errno == ENOENT) return std::nullopt;
    if (errno == ENOSYS) openat2_enabled = false;
    // Otherwise the walk below names the part that is a symlink or no directory.
  }
  return walk(relative, false, 0);
}

DirHandle DirHandle::make_dir(std::string_view relative, unsigned mode) const {
  if (!relative.empty() && !is_plain_relative(relative))
    throw Error(ErrorKind::Io,
                "Refusing the directory " + quote_path(relative) + ": not a plain relative path");
  return *walk(relative, true, mode);
}

std::optional<struct stat> DirHandle::stat(const std::string& name) const {
  struct stat info {};
  if (::fstatat(fd(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) return info;
  if (errno == ENOENT) return std::nullopt;
  throw_io_error("Cannot stat", shown(name), errno);
}

std::optional<std::string> DirHandle::read(const std::string& name) const {
  auto entry = stat(name);
  if (!entry) return std::nullopt;
  require_regular(*entry, shown(name));
  UniqueFd file(::openat(fd(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!file.valid()) {
    if (errno == ENOENT) return std::nullopt;
    throw_io_error("Cannot open", shown(name), errno);
  }
  return read_open_file(file.get(), shown(name));
}

UniqueFd DirHandle::create(const std::string& name, unsigned mode) const {
  UniqueFd file(
      ::openat(fd(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!file.valid()) throw_io_error("Cannot create", shown(name), errno);
  // fchmod: exactly these bits, whatever the umask.
  if (::fchmod(file.get(), static_cast<mode_t>(mode & 0777)) != 0)
    throw_io_error("Cannot chmod", shown(name), errno);
  return file;
}

std::string DirHandle::write_temp(const std::string& name, std::string_view content, unsigned mode,
                                  bool durable) const {
  std::string temp = temp_prefix(name) + unpredictable_token() + std::string(kTempSuffix);
  UniqueFd file = create(temp, mode);
  try {
    // Errors name the file being replaced, not its temp file.
    write_all(file.get(), content, shown(name));
    if (durable && ::fsync(file.get()) != 0) throw_io_error("Cannot fsync", shown(name), errno);
    if (::close(file.release()) != 0) throw_io_error("Cannot write", shown(name), errno);
  } catch (...) {
    remove(temp);
    throw;
  }
  return temp;
}

void DirHandle::write_new(const std::string& name, std::string_view content, unsigned mode) const {
  UniqueFd file = create(name, mode);
  write_all(file.get(), content, shown(name));
  if (::fsync(file.get()) != 0) throw_io_error("Cannot fsync", shown(name), errno);
  file.reset();
  fsync();
}

void DirHandle::write_atomic(const std::string& name, std::string_view content,
                             unsigned mode) const {
  std::string temp = write_temp(name, content, mode, true);
  rename(temp, *this, name);
  fsync();
}

void DirHandle::rename(const std::string& from, const DirHandle& to_dir,
                       const std::string& to) const {
  if (::renameat(fd(), from.c_str(), to_dir.fd(), to.c_str()) != 0)
    throw_io_error("Cannot rename " + quote_path(shown(from)) + " to", to_dir.shown(to), errno);
}

bool DirHandle::link(const std::string& from, const DirHandle& to_dir,
                     const std::string& to) const {
  return ::linkat(fd(), from.c_str(), to_dir.fd(), to.c_str(), 0) == 0;
}

bool DirHandle::remove(const std::string& name) const {
  if (::unlinkat(fd(), name.c_str(), 0) == 0) return true;
  if (errno == ENOENT) return false;
  throw_io_error("Cannot remove", shown(name), errno);
}

bool DirHandle::remove_dir(const std::string& name) const {
  return ::unlinkat(fd(), name.c_str(), AT_REMOVEDIR) == 0;
}

void DirHandle::remove_tree(const std::string& name) const {
  auto entry = stat(name);
  if (!entry) return;
  if (!S_ISDIR(entry->st_mode)) {
    remove(name);
    return;
  }
  DirHandle inner = *child(name, false, 0);
  for (const std::string& inside : inner.entries()) inner.remove_tree(inside);
  if (::unlinkat(fd(), name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    throw_io_error("Cannot remove", shown(name), errno);
}

void DirHandle::symlink(const std::string& target, const std::string& name) const {
  if (::symlinkat(target.c_str(), fd(), name.c_str()) != 0)
    throw_io_error("Cannot create the symlink", shown(name), errno);
}

std::string DirHandle::symlink_temp(const std::string& name, const std::string& target) const {
  std::string temp = temp_prefix(name) + unpredictable_token() + std::string(kTempSuffix);
  symlink(target, temp);
  return temp;
}

std::optional<std::string> DirHandle::read_link(const std::string& name) const {
  std::string target(256, '\0');
  for (;;) {
    ssize_t size = ::readlinkat(fd(), name.c_str(), target.data(), target.size());
    if (size < 0) {
      if (errno == ENOENT) return std::nullopt;
      throw_io_error("Cannot read the symlink", shown(name), errno);
    }
    if (static_cast<std::size_t>(size) < target.size()) {
      target.resize(static_cast<std::size_t>(size));
      return target;
    }
    target.resize(target.size() * 2);
  }
}

std::vector<std::string> DirHandle::entries() const {
  // A descriptor of its own: readdir moves the offset, which copies of fd() share.
  int own = ::openat(fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* dir = own >= 0 ? ::fdopendir(own) : nullptr;
  if (!dir) {
    if (own >= 0) ::close(own);
    throw_io_error("Cannot list", path().string(), errno);
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  return names;
}

void DirHandle::fsync() const {
  if (::fsync(fd()) != 0) throw_io_error("Cannot fsync", path().string(), errno);
}

void DirHandle::sync_filesystem() const {
  if (::syncfs(fd()) != 0) throw_io_error("Cannot sync the file system of", path().string(), errno);
}

bool DirHandle::is_temp_for(std::string_view name, std::string_view target) {
  std::string prefix = temp_prefix(target);
  return name.size() == prefix.size() + kTempTokenSize + kTempSuffix.size() &&
         name.starts_with(prefix) && name.ends_with(kTempSuffix);
}

}  // namespace tars
