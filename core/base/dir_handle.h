#pragma once
// A directory opened without following symlinks, and the entries directly beneath it.
// Every operation names one entry (no '/') and never follows a symlink there, so what
// is planted in the directory cannot send a read or a write elsewhere: containment is
// a property of the descriptor, not of a path string checked again and again.
// Copies share the descriptor. Errors are Error(Io) naming the path and the reason.
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/unique_fd.h"

namespace tars {

namespace fs = std::filesystem;

class DirHandle {
 public:
  // Opens a directory the person named; symlinks along that path are theirs to have.
  static DirHandle open_path(const fs::path& directory);

  // Opens `relative` ("a/b": no "..", "." or empty parts) beneath this directory without
  // following a symlink in any part: openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where
  // the kernel has it, else one openat(O_NOFOLLOW | O_DIRECTORY) per part. nullopt when
  // a part is missing; an error naming the part that is a symlink or not a directory.
  std::optional<DirHandle> find_dir(std::string_view relative) const;
  // The same, creating the missing parts with `mode`.
  DirHandle make_dir(std::string_view relative, unsigned mode = 0755) const;

  const fs::path& path() const { return opened_->path; }  // for messages, external programs
  int fd() const { return opened_->fd.get(); }
  struct stat info() const;  // fstat of the directory itself

  // The entry itself (lstat); nullopt when missing.
  std::optional<struct stat> stat(const std::string& name) const;
  // A regular file's bytes, nullopt when missing. The entry is checked before it is
  // opened (a device is never opened) and the descriptor, opened O_NOFOLLOW |
  // O_NONBLOCK, with fstat: a symlink, FIFO, socket, device or directory is refused, and
  // so is a file over max_input_size().
  std::optional<std::string> read(const std::string& name) const;
  // Creates `name` exclusively (O_CREAT | O_EXCL | O_NOFOLLOW) with exactly `mode`.
  UniqueFd create(const std::string& name, unsigned mode) const;
  // Writes `content` to a new file beside `name`, under an unpredictable name
  // (".<name>.<random>.tars-tmp"), created exclusively, with exactly `mode` & 0777
  // (never setuid, setgid or sticky); fsynced when `durable`. Returns the temp name.
  std::string write_temp(const std::string& name, std::string_view content, unsigned mode,
                         bool durable = false) const;
  // Durably writes a new file: created exclusively, fsync, fsync of this directory.
  void write_new(const std::string& name, std::string_view content, unsigned mode) const;
  // Durable replace: write_temp, fsync, rename over `name`, fsync of this directory.
  void write_atomic(const std::string& name, std::string_view content, unsigned mode) const;
  void rename(const std::string& from, const DirHandle& to_dir, const std::string& to) const;
  // Hard link (never of a symlink's target); false when the file system refuses.
  bool link(const std::string& from, const DirHandle& to_dir, const std::string& to) const;
  bool remove(const std::string& name) const;       // false when it was missing
  bool remove_dir(const std::string& name) const;   // false when missing or not empty
  void remove_tree(const std::string& name) const;  // never follows a symlink
  void symlink(const std::string& target, const std::string& name) const;
  // A symlink to `target` beside `name`, under a name as write_temp's; returns that name.
  std::string symlink_temp(const std::string& name, const std::string& target) const;
  // The target of the symlink `name` (readlinkat: never followed); nullopt when missing.
  std::optional<std::string> read_link(const std::string& name) const;
  std::vector<std::string> entries() const;
  void fsync() const;
  void sync_filesystem() const;  // syncfs(2)

  // Whether `name` is one of write_temp's names for `target` (recovery removes them).
  static bool is_temp_for(std::string_view name, std::string_view target);

 private:
  friend class DirCache;
  struct Opened {
    UniqueFd fd;
    fs::path path;
  };
  explicit DirHandle(std::shared_ptr<const Opened> opened) : opened_(std::move(opened)) {}
  DirHandle(UniqueFd fd, fs::path path);
  std::optional<DirHandle> walk(std::string_view relative, bool create, unsigned mode) const;
  std::optional<DirHandle> child(const std::string& name, bool create, unsigned mode) const;
  std::string shown(const std::string& name) const;

  std::shared_ptr<const Opened> opened_;
};

// Forces the walk that kernels without openat2 (before 5.6) get; for tests.
void set_openat2_enabled(bool enabled);
// Raises the soft limit of open files to the hard one (open_path does).
void raise_open_file_limit();

}  // namespace tars
