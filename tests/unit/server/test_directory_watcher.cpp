#include <doctest/doctest.h>

#include <asio/io_context.hpp>
#include <chrono>

#include "server/directory_watcher.h"
#include "test_support.h"

using tars::server::DirectoryWatcher;

TEST_CASE("the watcher flags a change made in the directory, once, on the event loop") {
  tars::test::TempDir dir;
  asio::io_context loop;
  DirectoryWatcher watcher(loop, dir.path());
  CHECK(watcher.take_change());  // at first
  CHECK_FALSE(watcher.take_change());
  tars::test::write(dir / "imp-1.json", "{}");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool changed = false;
  while (!changed && std::chrono::steady_clock::now() < deadline) {
    loop.run_for(std::chrono::milliseconds(10));
    changed = watcher.take_change();
  }
  CHECK(changed);
  CHECK_FALSE(watcher.take_change());
}
