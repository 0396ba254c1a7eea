#pragma once

namespace tars::cli {

// Lets the heap grow in 256 MiB steps backed by transparent huge pages. tarscli holds
// whole files (a 2,000-file patch is ~150 MB of strings); with 4 KiB pages that is
// ~40,000 page faults, which on a VM (~16 us each, measured) cost more than the work.
// A no-op where the heap is not brk-based (sanitizers) or the kernel lacks THP.
void use_large_heap();

}  // namespace tars::cli
