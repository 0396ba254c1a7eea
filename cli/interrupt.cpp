#include "cli/interrupt.h"

namespace tars::cli {

namespace {

std::atomic<bool> g_cancel{false};

void on_interrupt(int) {
  g_cancel = true;
}

}  // namespace

InterruptGuard::InterruptGuard() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>* InterruptGuard::flag() {
  return &g_cancel;
}

}  // namespace tars::cli
