#include "core/importers/json_path_position.h"

#include <charconv>
#include <vector>

namespace tars {

namespace {

// "a.b[2][\"k.x\"]" -> a, b, 2, k.x
std::vector<std::string> path_tokens(std::string_view path) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '.') {
      flush();
    } else if (path[i] == '[') {
      flush();
      bool quoted = i + 1 < path.size() && path[i + 1] == '"';
      std::size_t end = path.find(quoted ? "\"]" : "]", i);
      if (end == std::string_view::npos) return {};
      tokens.emplace_back(path.substr(i + (quoted ? 2 : 1), end - i - (quoted ? 2 : 1)));
      i = end + (quoted ? 1 : 0);
    } else {
      current += path[i];
    }
  }
  flush();
  return tokens;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  // The offset of the value at tokens[k...] inside the value starting at at_.
  std::optional<std::size_t> find(const std::vector<std::string>& tokens, std::size_t k) {
    space();
    if (k == tokens.size()) return at_;
    if (peek() == '{') {
      for (++at_; space(), peek() != '}' && peek() != '\0';) {
        std::string key = string();
        space();
        if (peek() != ':') return std::nullopt;
        ++at_;
        if (key == tokens[k]) return find(tokens, k + 1);
        skip_value();
        if (space(), peek() == ',') ++at_;
      }
    } else if (peek() == '[') {
      std::size_t wanted = 0;
      auto [end, ec] =
          std::from_chars(tokens[k].data(), tokens[k].data() + tokens[k].size(), wanted);
      if (ec != std::errc() || end != tokens[k].data() + tokens[k].size()) return std::nullopt;
      std::size_t index = 0;
      for (++at_; space(), peek() != ']' && peek() != '\0'; ++index) {
        if (index == wanted) return find(tokens, k + 1);
        skip_value();
        if (space(), peek() == ',') ++at_;
      }
    }
    return std::nullopt;
  }

 private:
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  // A string's value (escapes other than \" and \\ kept as written: keys rarely have any).
  std::string string() {
    std::string out;
    if (peek() != '"') return out;
    for (++at_; at_ < text_.size() && text_[at_] != '"'; ++at_) {
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) {
        char next = text_[++at_];
        if (next != '"' && next != '\\' && next != '/') out += '\\';
        out += next;
        continue;
      }
      out += text_[at_];
    }
    ++at_;
    return out;
  }

  void skip_value() {
    space();
    if (peek() == '"') {
      string();
      return;
    }
    int depth = 0;
    for (; at_ < text_.size(); ++at_) {
      char c = text_[at_];
      if (c == '"') {
        string();
        --at_;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return;
        if (--depth == 0) {
          ++at_;
          return;
        }
      } else if (c == ',' && depth == 0) {
        return;
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<JsonTextPosition> json_path_position(std::string_view text, std::string_view path) {
  std::vector<std::string> tokens =
      path == "top level" ? std::vector<std::string>{} : path_tokens(path);
  if (tokens.empty() && path != "top level") return std::nullopt;
  auto offset = Scanner(text).find(tokens, 0);
  if (!offset) return std::nullopt;
  JsonTextPosition position{1, 1};
  for (std::size_t i = 0; i < *offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

std::string with_json_position(const std::string& message, std::string_view text,
                               const std::string& origin) {
  std::string prefix = origin + ": ";
  if (!message.starts_with(prefix)) return message;
  std::size_t path_end = message.find(": ", prefix.size());
  if (path_end == std::string::npos) return message;
  std::string_view path = std::string_view(message).substr(prefix.size(), path_end - prefix.size());
  auto position = json_path_position(text, path);
  if (!position) return message;
  return origin + ":" + std::to_string(position->line) + ":" + std::to_string(position->column) +
         ": " + message.substr(prefix.size());
}

}  // namespace tars
