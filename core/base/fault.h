#pragma once
// Fault injection for crash tests. With TARS_CRASH_AT=k in the environment, the k-th
// call of durability_point() in this process writes "tars: crash injected at <what>"
// to stderr and calls _exit(86). TARS_CRASH_LIST=1 prints every point reached instead.
#include <string>

namespace tars {

inline constexpr int kCrashExitCode = 86;

void durability_point(const char* what);
// The same point, named "<what> <subject>"; the name is built only when injecting faults.
void durability_point(const char* what, const std::string& subject);

}  // namespace tars
