#include "core/model/fast_json_sax.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/base/text_codec.h"

namespace tars {

namespace {

using Sax = nlohmann::json_sax<nlohmann::json>;

// Bytes a string holds as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

class Parser {
 public:
  Parser(std::string_view text, Sax& sax)
      : at_(text.data()), end_(text.data() + text.size()), sax_(sax) {}

  FastSax run() {
    if (at_ != end_ && static_cast<unsigned char>(*at_) == 0xEF) return Unsupported;  // BOM
    skip_space();
    for (;;) {
      // A value is due here (in an object, after its key).
      switch (value()) {
        case Step::Fail:
          return Unsupported;
        case Step::Stop:
          return FastSax::Done;
        case Step::Opened:
          if (stack_.back() && !key()) return stopped_ ? FastSax::Done : Unsupported;
          continue;
        case Step::Scalar:
          break;
      }
      // After a value: a comma, the end of its container, or the end of the text.
      for (;;) {
        skip_space();
        if (stack_.empty()) return at_ == end_ ? FastSax::Done : Unsupported;
        bool object = stack_.back();
        if (at_ == end_) return Unsupported;
        if (*at_ == ',') {
          ++at_;
          skip_space();
          if (object && !key()) return stopped_ ? FastSax::Done : Unsupported;
          break;
        }
        if (*at_ != (object ? '}' : ']')) return Unsupported;
        ++at_;
        stack_.pop_back();
        if (!(object ? sax_.end_object() : sax_.end_array())) return FastSax::Done;
      }
    }
  }

 private:
  static constexpr FastSax Unsupported = FastSax::Unsupported;
  enum class Step { Scalar, Opened, Fail, Stop };

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  // One value; a container is opened (Opened) or, when empty, read whole (Scalar).
  Step value() {
    if (at_ == end_) return Step::Fail;
    switch (*at_) {
      case '{':
      case '[':
        return open(*at_ == '{');
      case '"':
        if (!string()) return Step::Fail;
        return sax_.string(text_) ? Step::Scalar : Step::Stop;
      case 't':
        return literal("true") ? emit(sax_.boolean(true)) : Step::Fail;
      case 'f':
        return literal("false") ? emit(sax_.boolean(false)) : Step::Fail;
      case 'n':
        return literal("null") ? emit(sax_.null()) : Step::Fail;
      default:
        return number();
    }
  }

  static Step emit(bool go_on) { return go_on ? Step::Scalar : Step::Stop; }

  Step open(bool object) {
    ++at_;
    if (!(object ? sax_.start_object(std::size_t(-1)) : sax_.start_array(std::size_t(-1))))
      return Step::Stop;
    skip_space();
    if (at_ != end_ && *at_ == (object ? '}' : ']')) {
      ++at_;
      return emit(object ? sax_.end_object() : sax_.end_array());
    }
    stack_.push_back(object);
    return Step::Opened;
  }

  // A member's key and its colon; false on bad input or when the handler stops.
  bool key() {
    if (at_ == end_ || *at_ != '"' || !string()) return false;
    if (!sax_.key(text_)) {
      stopped_ = true;
      return false;
    }
    skip_space();
    if (at_ == end_ || *at_ != ':') return false;
    ++at_;
    skip_space();
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() ||
        std::memcmp(at_, word.data(), word.size()) != 0)
      return false;
    at_ += word.size();
    return true;
  }

  // An integer as nlohmann types it: unsigned unless negative.
  Step number() {
    const char* start = at_;
    if (*at_ == '-') ++at_;
    if (at_ == end_ || *at_ < '0' || *at_ > '9') return Step::Fail;
    if (*at_ == '0')
      ++at_;
    else
      while (at_ != end_ && *at_ >= '0' && *at_ <= '9') ++at_;
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return Step::Fail;
    if (*start == '-') {
      std::int64_t value = 0;
      if (std::from_chars(start, at_, value).ec != std::errc()) return Step::Fail;
      return emit(sax_.number_integer(value));
    }
    std::uint64_t value = 0;
    if (std::from_chars(start, at_, value).ec != std::errc()) return Step::Fail;
    return emit(sax_.number_unsigned(value));
  }

  // The string at the opening quote, unescaped into text_.
  bool string() {
    ++at_;
    text_.clear();
    for (;;) {
      const char* run = at_;
      while (at_ != end_ && kPlain[static_cast<unsigned char>(*at_)]) ++at_;
      text_.append(run, at_);
      if (at_ == end_) return false;
      auto byte = static_cast<unsigned char>(*at_);
      if (byte == '"') {
        ++at_;
        return true;
      }
      if (byte < 0x20) return false;
      if (!(byte == '\\' ? escape() : utf8())) return false;
    }
  }

  bool escape() {
    if (++at_ == end_) return false;
    char c = *at_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        text_ += c;
        return true;
      case 'b':
        text_ += '\b';
        return true;
      case 'f':
        text_ += '\f';
        return true;
      case 'n':
        text_ += '\n';
        return true;
      case 'r':
        text_ += '\r';
        return true;
      case 't':
        text_ += '\t';
        return true;
      case 'u':
        return unicode_escape();
      default:
        return false;
    }
  }

  // \uXXXX, a surrogate pair as two of them; a lone surrogate is nlohmann's to report.
  bool unicode_escape() {
    auto code = hex4();
    if (!code || (*code >= 0xDC00 && *code <= 0xDFFF)) return false;
    std::uint32_t point = *code;
    if (point >= 0xD800 && point <= 0xDBFF) {
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
      at_ += 2;
      auto low = hex4();
      if (!low || *low < 0xDC00 || *low > 0xDFFF) return false;
      point = 0x10000 + ((point - 0xD800) << 10) + (*low - 0xDC00);
    }
    append_utf8(text_, point);
    return true;
  }

  std::optional<std::uint32_t> hex4() {
    if (end_ - at_ < 4) return std::nullopt;
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = *at_++;
      int digit = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return value;
  }

  // One well-formed UTF-8 sequence (RFC 3629: no overlong form, no surrogate, nothing
  // past U+10FFFF), copied as it is.
  bool utf8() {
    auto byte = static_cast<unsigned char>(*at_);
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) low = 0xA0;
      if (byte == 0xED) high = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) low = 0x90;
      if (byte == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end_ - at_) < length) return false;
    for (std::size_t i = 1; i < length; ++i) {
      auto next = static_cast<unsigned char>(at_[i]);
      if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) return false;
    }
    text_.append(at_, length);
    at_ += length;
    return true;
  }

  const char* at_;
  const char* end_;
  Sax& sax_;
  std::vector<bool> stack_;  // open containers: true for an object
  std::string text_;         // the string being read, reused
  bool stopped_ = false;     // the handler returned false from key()
};

}  // namespace

FastSax fast_sax_parse(std::string_view text, Sax& handler) {
  return Parser(text, handler).run();
}

}  // namespace tars
