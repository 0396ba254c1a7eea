#include "core/base/fault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tars {

namespace {

struct FaultConfig {
  long crash_at = 0;  // 0: never
  bool list = false;
  long pause_at = 0;
  std::string pause_file;
  long fail_write_at = 0;
};

long number(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::strtol(value, nullptr, 10) : 0;
}

const FaultConfig& config() {
  static const FaultConfig parsed = [] {
    FaultConfig c;
    c.crash_at = number("TARS_CRASH_AT");
    c.pause_at = number("TARS_PAUSE_AT");
    if (const char* file = std::getenv("TARS_PAUSE_FILE")) c.pause_file = file;
    c.fail_write_at = number("TARS_FAIL_WRITE_AT");
    if (const char* list = std::getenv("TARS_CRASH_LIST"))
      c.list = *list && std::strcmp(list, "0") != 0;
    return c;
  }();
  return parsed;
}

std::atomic<long> g_points{0};
std::atomic<long> g_writes{0};

// Creates the pause file and waits for it to go.
void pause_here(const std::string& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) ::close(fd);
  struct stat info {};
  while (::stat(file.c_str(), &info) == 0) ::usleep(10000);
}

void say(const std::string& line) {
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace

void durability_point(const char* what) {
  const FaultConfig& c = config();
  if (c.crash_at <= 0 && !c.list && c.pause_at <= 0) return;
  long point = ++g_points;
  if (point == c.pause_at && !c.pause_file.empty()) pause_here(c.pause_file);
  if (c.list) say("tars: durability point " + std::to_string(point) + ": " + what + "\n");
  if (point == c.crash_at) {
    say("tars: crash injected at " + std::string(what) + " (point " + std::to_string(point) +
        ")\n");
    ::_exit(kCrashExitCode);
  }
}

void durability_point(const char* what, const std::string& subject) {
  const FaultConfig& c = config();
  if (c.crash_at <= 0 && !c.list && c.pause_at <= 0) return;
  durability_point((std::string(what) + " " + subject).c_str());
}

int injected_write_error() {
  const FaultConfig& c = config();
  if (c.fail_write_at <= 0) return 0;
  return ++g_writes == c.fail_write_at ? ENOSPC : 0;
}

}  // namespace tars
