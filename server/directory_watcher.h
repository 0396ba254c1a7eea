#pragma once
// Watches a directory (inotify, its descriptor read on the server's event loop) and raises
// a flag when anything in it changes, so the improvement index reloads when another
// process (tarscli) imports or edits one.
#include <filesystem>
#include <memory>

namespace asio {
class io_context;
}

namespace tars::server {

class DirectoryWatcher {
 public:
  DirectoryWatcher(asio::io_context& loop, const std::filesystem::path& directory);
  ~DirectoryWatcher();
  DirectoryWatcher(const DirectoryWatcher&) = delete;
  DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

  // True once after each change (and at first).
  bool take_change();
  // False when the directory could not be watched (it did not exist yet).
  bool watching() const;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the read in flight
};

}  // namespace tars::server
