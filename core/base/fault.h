#pragma once
// Fault injection for crash tests. With TARS_CRASH_AT=k in the environment, the k-th
// call of durability_point() in this process writes "tars: crash injected at <what>"
// to stderr and calls _exit(86). TARS_CRASH_LIST=1 prints every point reached instead.
// TARS_PAUSE_AT=k with TARS_PAUSE_FILE=F: at the k-th point, creates F and waits until
// it is removed (a test does something to the world meanwhile, with no timing).
// TARS_FAIL_WRITE_AT=k: the k-th file write (write_all) fails with ENOSPC, as on a
// full disk.
#include <string>

namespace tars {

inline constexpr int kCrashExitCode = 86;

void durability_point(const char* what);
// The same point, named "<what> <subject>"; the name is built only when injecting faults.
void durability_point(const char* what, const std::string& subject);

// The errno the current file write is to fail with (TARS_FAIL_WRITE_AT), else 0.
int injected_write_error();

}  // namespace tars
