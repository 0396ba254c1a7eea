#include "cli/large_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace tars::cli {

void use_large_heap() {
  constexpr std::size_t kStep = std::size_t{256} << 20, kHugePage = std::size_t{2} << 20;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // file-sized blocks come from the heap, not mmap
  mallopt(M_TOP_PAD, kStep);
  mallopt(M_TRIM_THRESHOLD, 2 * kStep);
  auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
  void* volatile probe = std::malloc(std::size_t{4} << 20);  // grows the heap by one step
  auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  std::free(probe);
  std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (end > aligned) ::madvise(reinterpret_cast<void*>(aligned), end - aligned, MADV_HUGEPAGE);
}

}  // namespace tars::cli
