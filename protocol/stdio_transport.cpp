#include "protocol/stdio_transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <asio/bind_executor.hpp>
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/post.hpp>
#include <asio/strand.hpp>
#include <asio/write.hpp>
#include <atomic>
#include <deque>

namespace tars::protocol {

namespace {

// Asio makes the descriptors non-blocking, which their other holders (a terminal, the
// parent's pipe) would notice: the flags they had come back at the end.
class SavedFlags {
 public:
  explicit SavedFlags(int fd) : fd_(fd), flags_(::fcntl(fd, F_GETFL)) {}
  ~SavedFlags() {
    if (flags_ >= 0) ::fcntl(fd_, F_SETFL, flags_);
  }

 private:
  int fd_;
  int flags_;
};

}  // namespace

struct StdioTransport::State : std::enable_shared_from_this<State> {
  State(asio::io_context& loop, std::unique_ptr<Framing> framing, int in_fd, int out_fd,
        std::size_t max_queued)
      : max_queued(max_queued),
        in_flags(in_fd),
        out_flags(out_fd),
        in(loop, ::dup(in_fd)),
        out(loop, ::dup(out_fd)),
        strand(asio::make_strand(loop)),
        framing(std::move(framing)) {}

  void read();
  void received(std::size_t size);
  void handle_frames();
  static constexpr std::size_t kMaxBatch = 64;
  void write_next();  // on the strand
  void resume_reading();

  const std::size_t max_queued;
  std::atomic<std::size_t> queued{0};  // bytes sent and not yet written
  bool paused = false;                 // reading waits for the output to drain
  SavedFlags in_flags, out_flags;      // restored after the descriptors are closed
  asio::posix::stream_descriptor in, out;
  asio::strand<asio::io_context::executor_type> strand;
  std::unique_ptr<Framing> framing;  // feed/next on the loop; frame from any thread
  Handler* handler = nullptr;        // null when not reading
  std::array<char, 65536> buffer;
  std::deque<std::string> queue;  // frames to write, on the strand
  bool writing = false;
  bool broken = false;  // a write failed: the client is gone
};

void StdioTransport::State::read() {
  in.async_read_some(asio::buffer(buffer),
                     [self = shared_from_this()](std::error_code error, std::size_t size) {
                       if (!self->handler) return;  // stopped
                       if (error) {
                         Handler* handler = std::exchange(self->handler, nullptr);
                         handler->on_close();  // end of input (or a broken pipe)
                         return;
                       }
                       self->received(size);
                     });
}

void StdioTransport::State::received(std::size_t size) {
  framing->feed(std::string_view(buffer.data(), size));
  handle_frames();
}

// The frames read so far, in batches of at most kMaxBatch, while the output waiting stays
// under the limit; then more input, or a pause (resumed by write_next() once half of the
// output has gone out). So what a stalled client can make the server hold is the limit
// plus the answers to one batch.
void StdioTransport::State::handle_frames() {
  while (handler) {
    if (queued > max_queued) {
      paused = true;
      return;
    }
    std::vector<FrameResult> batch;
    while (batch.size() < kMaxBatch)
      if (auto next = framing->next())
        batch.push_back(std::move(*next));
      else
        break;
    if (batch.empty()) return read();
    handler->on_messages(std::move(batch));
  }
}

// On the strand, which runs on the loop's thread like the reads.
void StdioTransport::State::resume_reading() {
  if (!paused || queued > max_queued / 2) return;
  paused = false;
  handle_frames();
}

void StdioTransport::State::write_next() {
  writing = !queue.empty() && !broken;
  if (!writing) return;
  asio::async_write(
      out, asio::buffer(queue.front()),
      asio::bind_executor(strand, [self = shared_from_this()](std::error_code error, std::size_t) {
        self->queued -= self->queue.front().size();
        self->queue.pop_front();
        if (error) {
          self->broken = true;  // stdin's end of input ends the server
          for (const std::string& frame : self->queue) self->queued -= frame.size();
          self->queue.clear();
        }
        self->resume_reading();
        self->write_next();
      }));
}

StdioTransport::StdioTransport(asio::io_context& loop, std::unique_ptr<Framing> framing, int in_fd,
                               int out_fd, std::size_t max_queued)
    : state_(std::make_shared<State>(loop, std::move(framing), in_fd, out_fd, max_queued)) {}

StdioTransport::~StdioTransport() {
  stop();
}

void StdioTransport::start(Handler& handler) {
  state_->handler = &handler;
  state_->read();
}

void StdioTransport::send(std::string body) {
  std::string frame = state_->framing->frame(body);
  state_->queued += frame.size();
  asio::post(state_->strand, [state = state_, frame = std::move(frame)]() mutable {
    if (state->broken) {
      state->queued -= frame.size();
      return;
    }
    state->queue.push_back(std::move(frame));
    if (!state->writing) state->write_next();
  });
}

std::size_t StdioTransport::queued_bytes() const {
  return state_->queued;
}

bool StdioTransport::reading_paused() const {
  return state_->paused;
}

void StdioTransport::stop() {
  if (!state_->handler) return;
  state_->handler = nullptr;
  std::error_code ignored;
  state_->in.cancel(ignored);
}

}  // namespace tars::protocol
