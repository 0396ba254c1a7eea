#include "protocol/framing.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tars::protocol {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

void ContentLengthFraming::drop_to_next_header() {
  std::size_t at = lower(buffer_).find("content-length:", 1);
  buffer_.erase(0, at == std::string::npos ? buffer_.size() : at);
}

std::optional<FrameResult> ContentLengthFraming::skip_body() {
  std::size_t drop = std::min(skipping_, buffer_.size());
  buffer_.erase(0, drop);
  skipping_ -= drop;
  return std::nullopt;
}

std::optional<FrameResult> ContentLengthFraming::next() {
  if (skipping_ > 0) {
    skip_body();
    if (skipping_ > 0) return std::nullopt;
  }
  std::size_t header_end = buffer_.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    if (buffer_.size() > 8192) {  // no header is that long
      drop_to_next_header();
      return FramingError{"header too long or missing \\r\\n\\r\\n"};
    }
    return std::nullopt;
  }
  std::optional<std::size_t> length;
  std::string_view headers(buffer_.data(), header_end);
  while (!headers.empty()) {
    std::size_t end = headers.find("\r\n");
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      buffer_.erase(0, header_end + 4);
      return FramingError{"malformed header line '" + std::string(line.substr(0, 80)) + "'"};
    }
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name != "content-length") continue;  // Content-Type and others are accepted as they are
    std::size_t parsed = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      buffer_.erase(0, header_end + 4);
      return FramingError{"invalid Content-Length '" + std::string(value.substr(0, 40)) + "'"};
    }
    length = parsed;
  }
  if (!length) {
    buffer_.erase(0, header_end + 4);
    return FramingError{"missing Content-Length header"};
  }
  if (*length > max_body_size_) {
    buffer_.erase(0, header_end + 4);
    skipping_ = *length;
    skip_body();
    return FramingError{"message of " + std::to_string(*length) + " bytes exceeds the limit of " +
                        std::to_string(max_body_size_) + " bytes"};
  }
  if (buffer_.size() < header_end + 4 + *length) return std::nullopt;
  std::string body = buffer_.substr(header_end + 4, *length);
  buffer_.erase(0, header_end + 4 + *length);
  return body;
}

std::string ContentLengthFraming::frame(std::string_view body) const {
  return protocol::frame(body);
}

std::string frame(std::string_view body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

}  // namespace tars::protocol
