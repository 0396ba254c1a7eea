#pragma once
// How messages travel between a server and its client (clangd's Transport, rust-analyzer's
// Connection): whole message bodies in, whole bodies out. A stream transport cuts bytes into
// bodies with its Framing; the in-memory one moves bodies as they are. Nothing above this
// interface writes to a file descriptor.
#include <string>
#include <vector>

#include "protocol/framing.h"

namespace tars::protocol {

class Transport {
 public:
  // Called on the event loop's thread.
  class Handler {
   public:
    virtual ~Handler() = default;
    // The messages of one read, in order: bodies, or what was wrong with a frame.
    virtual void on_messages(std::vector<FrameResult> batch) = 0;
    virtual void on_close() = 0;  // end of input: the client is gone
  };

  virtual ~Transport() = default;
  // Starts delivering what arrives to `handler` (which must outlive the reading).
  virtual void start(Handler& handler) = 0;
  // Sends one message body; from any thread, in the order of the calls.
  virtual void send(std::string body) = 0;
  // Stops reading; what was sent still goes out.
  virtual void stop() = 0;
};

}  // namespace tars::protocol
