#include <doctest/doctest.h>

#include <asio/io_context.hpp>

#include "server/timer.h"

using tars::server::Timer;
using namespace std::chrono_literals;

TEST_CASE("a timer fires once at its time; re-arming replaces the earlier wait") {
  asio::io_context loop;
  Timer timer(loop);
  int first = 0, second = 0;
  timer.at(std::chrono::steady_clock::now() + 1h, [&] { ++first; });
  timer.at(std::chrono::steady_clock::now() + 1ms, [&] { ++second; });
  loop.run();  // returns: the replaced wait does not hold the loop
  CHECK(first == 0);
  CHECK(second == 1);
}

TEST_CASE("a periodic timer ticks until cancelled, also from its own tick") {
  asio::io_context loop;
  Timer timer(loop);
  int ticks = 0;
  timer.every(1ms, [&] {
    if (++ticks == 3) timer.cancel();
  });
  loop.run();
  CHECK(ticks == 3);
}

TEST_CASE("a cancelled or destroyed timer never fires") {
  asio::io_context loop;
  int fired = 0;
  Timer cancelled(loop);
  cancelled.at(std::chrono::steady_clock::now(), [&] { ++fired; });
  cancelled.cancel();
  {
    Timer gone(loop);
    gone.every(1ms, [&] { ++fired; });
  }
  loop.run();
  CHECK(fired == 0);
}
