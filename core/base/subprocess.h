#pragma once
// Runs a command as a real subprocess in its own process group, with a timeout that
// kills the whole group, and stdout+stderr captured (interleaved) up to a size cap.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tars {

struct ProcessResult {
  int exit_code = -1;  // exit status; 128+signal when killed by a signal
  bool timed_out = false;
  bool cancelled = false;
  bool spawn_failed = false;  // argv[0] not found / not executable
  std::string output;         // stdout and stderr, interleaved, at most the cap
  bool truncated = false;
  std::int64_t duration_ms = 0;
};

struct ProcessOptions {
  std::filesystem::path cwd;
  const std::atomic<bool>* cancel = nullptr;  // set: the process group is killed
  std::chrono::milliseconds timeout{60000};
  std::size_t output_cap = 1 << 20;
  // When set (>= 0), stdout goes to this descriptor, uncapped; `output` then holds
  // stderr only. The caller creates the file (DirHandle::create: exclusive, no symlink).
  int stdout_fd = -1;
  // Written to the command's standard input (else it reads /dev/null).
  std::string_view input;
  // When set, the command's whole environment ("NAME=value" each); else ours.
  std::optional<std::vector<std::string>> environment;
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options);

// The absolute path of `name` in PATH's absolute directories ("" when missing). A
// relative PATH entry (".", "bin") would find a program in whatever directory a command
// starts in, a workspace's for instance, so it is skipped.
std::string find_program(std::string_view name);

}  // namespace tars
