#pragma once
// What makes a batch of file writes durable. For a few files, each file is fsynced as it
// is written (DirHandle::write_temp's `durable`) and each directory whose entries
// changed once at the end: a one-file change costs two fsyncs and never waits for the
// rest of the file system. Past kPerFileSyncLimit files one syncfs(2) costs less than
// the fsyncs (on this project's ext4, 200 files: 15 ms against 78 ms), though it also
// writes back whatever else is dirty on that file system.
#include <cstddef>
#include <map>
#include <mutex>
#include <string_view>

#include "core/base/dir_handle.h"

namespace tars {

inline constexpr std::size_t kPerFileSyncLimit = 16;

class SyncSet {
 public:
  // `files`: how many files the batch writes (TARS_SYNCFS_ABOVE overrides the limit).
  explicit SyncSet(std::size_t files);

  // Whether each file is fsynced where it is written (else sync() runs syncfs).
  bool per_file() const { return per_file_; }
  // A directory whose entries the batch changed (thread-safe; kept open until sync()).
  void add(const DirHandle& dir);
  // `relative` ("a/b", "" for `root`) and every directory above it up to `root`, those
  // that exist: for a change that created or removed directories on the way.
  void add_with_parents(const DirHandle& root, std::string_view relative);
  // Makes the files written so far durable (their entries need not be yet).
  void sync_contents(const DirHandle& root);
  // Makes everything added, and the files written, durable.
  void sync(const DirHandle& root);

 private:
  bool per_file_;
  std::mutex mutex_;
  std::map<int, DirHandle> dirs_;  // by descriptor: each open directory once
};

}  // namespace tars
