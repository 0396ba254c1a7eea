#include "server/timer.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

namespace tars::server {

struct Timer::State {
  explicit State(asio::io_context& loop) : timer(loop) {}
  asio::steady_timer timer;
  std::uint64_t generation = 0;  // bumped by every arming and cancel: older waits do nothing
};

Timer::Timer(asio::io_context& loop) : state_(std::make_shared<State>(loop)) {}

Timer::~Timer() {
  cancel();
}

void Timer::at(std::chrono::steady_clock::time_point when, std::function<void()> fire) {
  std::uint64_t generation = ++state_->generation;
  state_->timer.expires_at(when);
  state_->timer.async_wait([state = state_, generation, fire = std::move(fire)](std::error_code) {
    if (state->generation == generation) fire();
  });
}

void Timer::every(std::chrono::milliseconds period, std::function<void()> tick) {
  at(std::chrono::steady_clock::now() + period, [this, period, tick = std::move(tick)] {
    std::uint64_t generation = state_->generation;
    tick();
    if (state_->generation == generation) every(period, tick);  // not cancelled by tick()
  });
}

void Timer::cancel() {
  ++state_->generation;
  state_->timer.cancel();
}

}  // namespace tars::server
