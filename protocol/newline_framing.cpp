// NewlineFraming (framing.h): one JSON text per line, as MCP's stdio transport sends them.
#include "protocol/framing.h"

#include <utility>

namespace tars::protocol {

namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

void NewlineFraming::feed(std::string_view bytes) {
  if (begin_ > 0 && begin_ >= buffer_.size() / 2) {  // drop what was read, now and then
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<FrameResult> NewlineFraming::next() {
  while (true) {
    std::size_t end = buffer_.find('\n', begin_ + scanned_);
    if (end == std::string::npos) {
      scanned_ = buffer_.size() - begin_;
      if (skipping_) {
        buffer_.clear();
        begin_ = scanned_ = 0;
        return std::nullopt;
      }
      if (scanned_ <= max_line_size_) return std::nullopt;
      skipping_ = true;
      return FramingError{"a message longer than " + std::to_string(max_line_size_) +
                          " bytes was discarded"};
    }
    std::string_view line(buffer_.data() + begin_, end - begin_);
    begin_ = end + 1;
    scanned_ = 0;
    if (std::exchange(skipping_, false) || is_blank(line)) continue;
    if (line.size() > max_line_size_)
      return FramingError{"a message of " + std::to_string(line.size()) +
                          " bytes exceeds the limit of " + std::to_string(max_line_size_) +
                          " bytes"};
    if (line.back() == '\r') line.remove_suffix(1);
    return std::string(line);
  }
}

std::string NewlineFraming::frame(std::string_view body) const {
  std::string out(body);
  out += '\n';
  return out;
}

}  // namespace tars::protocol
