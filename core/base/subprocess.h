#pragma once
// Runs a command as a real subprocess in its own process group, with a timeout that
// kills the whole group, and stdout+stderr captured (interleaved) up to a size cap.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
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
  // When set, stdout goes to this file (created or truncated), uncapped; `output` then
  // holds stderr only.
  std::filesystem::path stdout_file;
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options);

}  // namespace tars
