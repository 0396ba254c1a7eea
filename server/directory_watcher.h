#pragma once
// Watches a directory (inotify) and raises a flag when anything in it changes, so the
// improvement index reloads when another process (tarscli) imports or edits one.
#include <atomic>
#include <filesystem>
#include <thread>

namespace tars::server {

class DirectoryWatcher {
 public:
  explicit DirectoryWatcher(const std::filesystem::path& directory);
  ~DirectoryWatcher();
  DirectoryWatcher(const DirectoryWatcher&) = delete;
  DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

  // True once after each change (and at first).
  bool take_change() { return changed_.exchange(false); }
  // False when the directory could not be watched (it did not exist yet).
  bool watching() const { return thread_.joinable(); }

 private:
  void run();

  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::atomic<bool> changed_{true};
  std::thread thread_;
};

}  // namespace tars::server
