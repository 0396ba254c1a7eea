#include "core/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace tars {

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& fn) {
  // Runs of neighbouring indices (usually files of one directory, which the file system
  // locks while it creates or renames an entry in it), small enough that the workers
  // finish together.
  const unsigned workers_wanted = std::max(1u, threads);
  const std::size_t run = std::max<std::size_t>(1, count / (workers_wanted * 16));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    for (std::size_t start = next.fetch_add(run); start < count && !failed;
         start = next.fetch_add(run)) {
      for (std::size_t i = start; i < std::min(count, start + run) && !failed; ++i) {
        try {
          fn(i);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (!first_error) first_error = std::current_exception();
          failed = true;
        }
      }
    }
  };
  std::vector<std::thread> workers;
  unsigned extra =
      static_cast<unsigned>(std::min<std::size_t>(count, workers_wanted)) - (count ? 1 : 0);
  // A thread that cannot be started leaves its share to the others; a joinable thread
  // is never destroyed (that would be std::terminate).
  for (unsigned i = 0; i < extra; ++i) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (auto& worker : workers) worker.join();
  if (first_error) std::rethrow_exception(first_error);
}

unsigned default_thread_count() {
  if (const char* configured = std::getenv("TARS_THREADS")) {
    int threads = std::atoi(configured);
    if (threads > 0) return std::min(threads, 64);
  }
  unsigned hardware = std::thread::hardware_concurrency();
  return std::clamp(hardware, 1u, 16u);
}

}  // namespace tars
