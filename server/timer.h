#pragma once
// A steady_timer on the server's event loop, without Asio in the header: fires once at a
// time (re-arming replaces the earlier wait) or every period, until cancelled. The callback
// runs on the loop's thread and never after cancel() or the timer's end.
#include <chrono>
#include <functional>
#include <memory>

namespace asio {
class io_context;
}

namespace tars::server {

class Timer {
 public:
  explicit Timer(asio::io_context& loop);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void at(std::chrono::steady_clock::time_point when, std::function<void()> fire);
  void every(std::chrono::milliseconds period, std::function<void()> tick);
  void cancel();

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the wait in flight
};

}  // namespace tars::server
