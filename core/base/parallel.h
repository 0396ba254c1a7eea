#pragma once
// Data parallelism without a product word: a loop over indices on a few threads.
#include <cstddef>
#include <functional>

namespace tars {

// Runs fn(i) for i in [0, count) on `threads` workers; rethrows the first exception.
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& fn);

// TARS_THREADS if set (at most 64), else one per core (at most 16).
unsigned default_thread_count();

}  // namespace tars
