#include "core/base/fault.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tars {

namespace {

struct FaultConfig {
  long crash_at = 0;  // 0: never
  bool list = false;
};

const FaultConfig& config() {
  static const FaultConfig parsed = [] {
    FaultConfig c;
    if (const char* at = std::getenv("TARS_CRASH_AT")) c.crash_at = std::strtol(at, nullptr, 10);
    if (const char* list = std::getenv("TARS_CRASH_LIST"))
      c.list = *list && std::strcmp(list, "0") != 0;
    return c;
  }();
  return parsed;
}

std::atomic<long> g_points{0};

void say(const std::string& line) {
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace

void durability_point(const char* what) {
  const FaultConfig& c = config();
  if (c.crash_at <= 0 && !c.list) return;
  long point = ++g_points;
  if (c.list) say("tars: durability point " + std::to_string(point) + ": " + what + "\n");
  if (point == c.crash_at) {
    say("tars: crash injected at " + std::string(what) + " (point " + std::to_string(point) +
        ")\n");
    ::_exit(kCrashExitCode);
  }
}

void durability_point(const char* what, const std::string& subject) {
  const FaultConfig& c = config();
  if (c.crash_at <= 0 && !c.list) return;
  durability_point((std::string(what) + " " + subject).c_str());
}

}  // namespace tars
