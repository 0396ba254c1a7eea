#pragma once
// Ctrl-C (SIGINT) and SIGTERM while a long command runs: instead of killing tarscli,
// they set a flag the core polls, so it can stop its subprocesses (their process groups
// do not get the terminal's signal) and roll back what it wrote.
#include <atomic>
#include <csignal>

namespace tars::cli {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Set once a signal arrived while a guard was alive.
  static const std::atomic<bool>* flag();

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace tars::cli
