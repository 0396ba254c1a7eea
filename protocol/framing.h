#pragma once
// LSP base protocol framing: "Content-Length: N\r\n[Content-Type: ...\r\n]\r\n" + N bytes.
// FrameReader takes bytes as they arrive (partial frames, several frames in one read)
// and hands out complete bodies; a bad or oversized header is reported once and the
// reader resynchronises at the next header.
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

class FrameReader {
 public:
  explicit FrameReader(std::size_t max_body_size = 64u << 20) : max_body_size_(max_body_size) {}

  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete frame (or error), nullopt when more bytes are needed.
  std::optional<FrameResult> next();

 private:
  std::optional<FrameResult> skip_body();
  void drop_to_next_header();

  std::string buffer_;
  std::size_t max_body_size_;
  std::size_t skipping_ = 0;  // bytes of an oversized body still to discard
};

// The frame for a message body.
std::string frame(std::string_view body);

}  // namespace tars::protocol
