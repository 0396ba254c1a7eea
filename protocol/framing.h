#pragma once
// How a byte stream is cut into message bodies and back. A stream transport owns one
// Framing; the dispatcher only ever sees bodies, so another framing (one JSON text per
// line, as MCP's stdio transport wants) is one more class here.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace tars::protocol {

struct FramingError {
  std::string message;
};

using FrameResult = std::variant<std::string, FramingError>;  // a body, or what was wrong

class Framing {
 public:
  virtual ~Framing() = default;
  // Takes bytes as they arrive: partial frames, several frames in one read.
  virtual void feed(std::string_view bytes) = 0;
  // The next complete body (or what was wrong), nullopt when more bytes are needed.
  virtual std::optional<FrameResult> next() = 0;
  // The bytes that carry `body`; safe from any thread.
  virtual std::string frame(std::string_view body) const = 0;
};

// LSP base protocol: "Content-Length: N\r\n[Content-Type: ...\r\n]\r\n" + N bytes. A bad or
// oversized header is reported once and the reader resynchronises at the next header.
class ContentLengthFraming final : public Framing {
 public:
  explicit ContentLengthFraming(std::size_t max_body_size = 64u << 20)
      : max_body_size_(max_body_size) {}

  void feed(std::string_view bytes) override { buffer_.append(bytes); }
  std::optional<FrameResult> next() override;
  std::string frame(std::string_view body) const override;

 private:
  std::optional<FrameResult> skip_body();
  void drop_to_next_header();

  std::string buffer_;
  std::size_t max_body_size_;
  std::size_t skipping_ = 0;  // bytes of an oversized body still to discard
};

// MCP's stdio transport: one JSON text per line. JSON escapes newlines inside strings, so a
// body never holds one; a "\r" before the "\n" is dropped and blank lines are skipped. A
// line over the size limit is reported once and discarded up to its end.
class NewlineFraming final : public Framing {
 public:
  explicit NewlineFraming(std::size_t max_line_size = 64u << 20) : max_line_size_(max_line_size) {}

  void feed(std::string_view bytes) override;
  std::optional<FrameResult> next() override;
  std::string frame(std::string_view body) const override;  // the body and "\n"

 private:
  std::string buffer_;
  std::size_t begin_ = 0;    // where the unread part of buffer_ starts
  std::size_t scanned_ = 0;  // unread bytes known to hold no newline
  std::size_t max_line_size_;
  bool skipping_ = false;  // discarding the rest of an oversized line
};

// The Content-Length frame for a message body.
std::string frame(std::string_view body);

}  // namespace tars::protocol
