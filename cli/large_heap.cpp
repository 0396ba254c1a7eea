#include "cli/large_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace tars::cli {

void use_large_heap() {
  constexpr std::size_t kStep = std::size_t{256} << 20, kHugePage = std::size_t{2} << 20;
  constexpr std::size_t kHeaderRoom = 4096;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // file-sized blocks come from the heap, not mmap
  mallopt(M_TOP_PAD, kStep);
  mallopt(M_TRIM_THRESHOLD, 2 * kStep);
  // Where the heap grows next, malloc writes a chunk header, and a huge page whose range
  // was touched before madvise stays 4 KiB pages: the heap's first 2 MiB, all a small
  // command uses, faulted in page by page (hundreds of faults, most of a listing's
  // time). So the heap is moved (malloc allows a gap) to end just below a boundary.
  auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::uintptr_t boundary = (start + 2 * kHugePage) & ~(kHugePage - 1);
  sbrk(static_cast<std::intptr_t>(boundary - kHeaderRoom - start));
  void* volatile probe = std::malloc(std::size_t{4} << 20);  // grows the heap by one step
  auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::free(probe);
  if (end > boundary) ::madvise(reinterpret_cast<void*>(boundary), end - boundary, MADV_HUGEPAGE);
}

}  // namespace tars::cli
