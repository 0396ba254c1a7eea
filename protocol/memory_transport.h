#pragma once
// Both ends of a connection in memory (rust-analyzer's Connection::memory()), so a server
// runs in a unit test as it does over stdio: the server's end is a Transport; the test holds
// the client's end, delivering batches (on its own thread, which also runs the event loop)
// and taking what the server sent.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "protocol/transport.h"

namespace tars::protocol {

class MemoryTransport final : public Transport {
 public:
  void start(Handler& handler) override;
  void send(std::string body) override;
  void stop() override;

  // The client's end.
  void deliver(std::vector<FrameResult> batch);  // one read's worth, handled right away
  void close();                                  // end of input
  bool reading() const { return handler_ != nullptr; }
  // The oldest body the server sent and nobody took yet, waiting up to `wait` for one.
  std::optional<std::string> take(std::chrono::milliseconds wait = std::chrono::milliseconds(0));

 private:
  Handler* handler_ = nullptr;  // null when not reading
  std::mutex mutex_;
  std::condition_variable sent_signal_;
  std::deque<std::string> sent_;
};

}  // namespace tars::protocol
