#pragma once
// A Transport over a pair of file descriptors (stdin and stdout unless told otherwise) on
// an Asio event loop: input is read as it arrives (asio::posix::stream_descriptor) and cut
// into bodies by a Framing; output is queued on a strand and written asynchronously, in
// order, so no thread ever waits for a client that is slow to read. A client that stops
// reading stops being read: past `max_queued` bytes of output waiting, no more input is
// handled (so no more replies are made) until half of it has gone out, and what one read
// brought is handled in batches of at most 64 messages, which bounds the memory a client
// can make the server hold. The descriptors' flags are restored when the
// transport goes. Asio stays in the .cpp.
#include <cstddef>
#include <memory>

#include "protocol/transport.h"

namespace asio {
class io_context;
}

namespace tars::protocol {

class StdioTransport final : public Transport {
 public:
  StdioTransport(asio::io_context& loop, std::unique_ptr<Framing> framing, int in_fd = 0,
                 int out_fd = 1, std::size_t max_queued = kMaxQueued);
  static constexpr std::size_t kMaxQueued = 32u << 20;
  ~StdioTransport() override;
  StdioTransport(const StdioTransport&) = delete;
  StdioTransport& operator=(const StdioTransport&) = delete;

  void start(Handler& handler) override;
  void send(std::string body) override;
  void stop() override;
  // Output bytes waiting to be written; whether input waits for them to go out.
  std::size_t queued_bytes() const;
  bool reading_paused() const;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the operations in flight
};

}  // namespace tars::protocol
