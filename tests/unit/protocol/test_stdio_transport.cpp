#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "protocol/stdio_transport.h"

using namespace tars::protocol;

namespace {

// Two pipes standing in for the client: it writes to `in`, reads what the server sent
// from `out`.
struct Pipes {
  int in[2];
  int out[2];
  Pipes() {
    REQUIRE(::pipe(in) == 0);
    REQUIRE(::pipe(out) == 0);
  }
  ~Pipes() {
    for (int fd : {in[0], in[1], out[0], out[1]})
      if (fd >= 0) ::close(fd);
  }
  void write(const std::string& bytes) { REQUIRE(::write(in[1], bytes.data(), bytes.size()) > 0); }
  void end_input() {
    ::close(in[1]);
    in[1] = -1;
  }
  std::string read_output() {
    char buffer[4096];
    ssize_t got = ::read(out[0], buffer, sizeof buffer);
    return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : "";
  }
};

struct Recorder : Transport::Handler {
  std::vector<std::vector<FrameResult>> batches;
  bool closed = false;
  std::function<void()> on_batch;
  void on_messages(std::vector<FrameResult> batch) override {
    batches.push_back(std::move(batch));
    if (on_batch) on_batch();
  }
  void on_close() override { closed = true; }
};

// A transport over the pipes, with a loop and a handler of its own.
struct Connected {
  explicit Connected(Pipes& pipes)
      : transport(loop, std::make_unique<ContentLengthFraming>(), pipes.in[0], pipes.out[1]) {}
  asio::io_context loop;
  Recorder recorder;
  StdioTransport transport;
};

}  // namespace

TEST_CASE("stdio: the frames of one read arrive as one batch; end of input closes") {
  Pipes pipes;
  Connected connected(pipes);
  auto& [loop, recorder, transport] = connected;
  transport.start(recorder);
  pipes.write(frame("{\"a\":1}") + frame("[2]") + "Content-Length: x\r\n\r\n");
  loop.run_one();
  REQUIRE(recorder.batches.size() == 1);
  REQUIRE(recorder.batches[0].size() == 3);
  CHECK(std::get<std::string>(recorder.batches[0][0]) == "{\"a\":1}");
  CHECK(std::get<std::string>(recorder.batches[0][1]) == "[2]");
  CHECK(std::holds_alternative<FramingError>(recorder.batches[0][2]));
  pipes.end_input();
  loop.run();  // returns once nothing is left to read
  CHECK(recorder.closed);
}

TEST_CASE("stdio: sends from any thread go out whole, framed and in order") {
  Pipes pipes;
  Connected connected(pipes);
  auto& [loop, recorder, transport] = connected;
  // A reference, not the binding: Clang 14 cannot capture structured bindings.
  StdioTransport& sender = transport;
  std::thread other([&] { sender.send("{\"from\":\"thread\"}"); });
  other.join();
  transport.send("{\"n\":2}");
  loop.run();
  CHECK(pipes.read_output() == frame("{\"from\":\"thread\"}") + frame("{\"n\":2}"));
}

TEST_CASE("stdio: stop() ends the reading, output still goes out, flags come back") {
  Pipes pipes;
  int flags_before = ::fcntl(pipes.in[0], F_GETFL);
  {
    Connected connected(pipes);
    auto& [loop, recorder, transport] = connected;
    StdioTransport& sender = transport;  // Clang 14 cannot capture bindings
    recorder.on_batch = [&] {
      sender.send("{\"bye\":true}");
      sender.stop();
    };
    transport.start(recorder);
    pipes.write(frame("{}"));
    loop.run();  // the loop runs dry: nothing is read any more
    CHECK(recorder.batches.size() == 1);
    CHECK_FALSE(recorder.closed);
    CHECK(pipes.read_output() == frame("{\"bye\":true}"));
  }
  CHECK(::fcntl(pipes.in[0], F_GETFL) == flags_before);
}

TEST_CASE("stdio: a client that stops reading stops being read; all is answered once it reads") {
  Pipes pipes;
  asio::io_context loop;
  Recorder recorder;
  const std::size_t limit = 1u << 20;
  StdioTransport transport(loop, std::make_unique<ContentLengthFraming>(), pipes.in[0],
                           pipes.out[1], limit);
  const std::string reply(64u << 10, 'x');  // each message is answered with 64 KiB
  std::size_t handled = 0;
  recorder.on_batch = [&] {
    CHECK(transport.queued_bytes() <= limit);  // input is taken only below the limit
    for (std::size_t i = 0; i < recorder.batches.back().size(); ++i) transport.send(reply);
    handled += recorder.batches.back().size();
  };
  transport.start(recorder);
  std::string group;
  for (int i = 0; i < 100; ++i) group += frame("{}");
  pipes.write(group);
  loop.poll();  // one read, handled 64 messages at a time: 4 MiB wait after the first 64
  REQUIRE(handled == 64);
  CHECK(transport.reading_paused());
  pipes.write(group);
  loop.poll();
  CHECK(handled == 64);  // nothing more is handled while the client reads nothing
  CHECK(transport.queued_bytes() > limit);

  const std::size_t expected = 200 * frame(reply).size();
  std::size_t received = 0;
  std::thread client([&] {
    std::vector<char> buffer(1u << 16);
    while (received < expected) {
      ssize_t got = ::read(pipes.out[0], buffer.data(), buffer.size());
      if (got <= 0) break;
      received += static_cast<std::size_t>(got);
    }
  });
  while (handled < 200 || transport.queued_bytes() > 0) loop.run_one();
  client.join();
  CHECK(received == expected);
  CHECK_FALSE(transport.reading_paused());
}
