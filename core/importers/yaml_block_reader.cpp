#include "core/importers/yaml_reader.h"

#include <charconv>
#include <vector>

#include "core/base/text_codec.h"

namespace tars {

namespace {

struct Line {
  int number = 0;
  int indent = 0;
  std::string_view content;  // after the indent, without the line end
};

// Thrown inside the reader when the input leaves the subset.
struct Decline {};

bool is_null_word(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// The rest of a line after a closing quote may only be spaces.
void expect_end(std::string_view rest) {
  if (rest.find_first_not_of(' ') != std::string_view::npos) throw Decline{};
}

std::string single_quoted(std::string_view text) {
  std::string out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] != '\'') {
      out += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\'') {
      out += '\'';
      ++i;
    } else {
      expect_end(text.substr(i + 1));
      return out;
    }
  }
  throw Decline{};  // continues on the next line
}

char simple_escape(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '0':
      return '\0';
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'e':
      return '\x1b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '/':
      return '/';
    case ' ':
      return ' ';
    case '\t':
      return '\t';
    default:
      throw Decline{};
  }
}

std::string double_quoted(std::string_view text) {
  std::string out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      expect_end(text.substr(i + 1));
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == text.size()) throw Decline{};  // an escaped line break
    std::size_t digits = text[i] == 'x' ? 2 : text[i] == 'u' ? 4 : text[i] == 'U' ? 8 : 0;
    if (digits == 0) {
      out += simple_escape(text[i]);
      continue;
    }
    unsigned long code = 0;
    const char* first = text.data() + i + 1;
    if (i + digits >= text.size() ||
        std::from_chars(first, first + digits, code, 16).ptr != first + digits)
      throw Decline{};
    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      throw Decline{};  // not a character: yaml-cpp refuses or replaces it
    // A code point, also for \xNN (as yaml-cpp and LLVM read it).
    append_utf8(out, static_cast<std::uint32_t>(code));
    i += digits;
  }
  throw Decline{};
}

// Control characters are not printable YAML, and yaml-cpp reads them its own way (a NUL
// ends its input): lines holding one are yaml-cpp's.
bool has_control(std::string_view line) {
  for (char c : line) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7f) return true;
  }
  return false;
}

bool plain_is_safe(std::string_view text) {
  static constexpr std::string_view kIndicators = "&*!|>%@`{}[],#'\"?:-";
  if (kIndicators.find(text.front()) != std::string_view::npos &&
      !(text.front() == '-' && text.size() > 1 && text[1] != ' '))
    return false;
  return text.find(": ") == std::string_view::npos && text.find(" #") == std::string_view::npos &&
         text.back() != ':' && text.find('\t') == std::string_view::npos;
}

class Reader {
 public:
  Reader(std::string_view text, int first_line) {
    int number = first_line;
    for (std::size_t pos = 0; pos < text.size(); ++number) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      // "\r\n" ends a line; a lone "\r" (even at the very end) is a control character.
      if (end < text.size() && !line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (has_control(line)) throw Decline{};
      pos = end + 1;
      std::size_t indent = line.find_first_not_of(' ');
      if (indent == std::string_view::npos || line[indent] == '#') continue;
      if (line[indent] == '\t') throw Decline{};
      lines_.push_back({number, static_cast<int>(indent), line.substr(indent)});
    }
  }

  YamlNode document() {
    YamlNode root = lines_.empty() ? YamlNode{} : block(0, 1);
    if (next_ != lines_.size()) throw Decline{};
    return root;
  }

 private:
  static bool is_item(const Line& line) {
    return line.content == "-" || line.content.starts_with("- ");
  }

  const Line* current() const { return next_ < lines_.size() ? &lines_[next_] : nullptr; }

  // The collection at `depth` (1 for the root). Deep nesting is yaml-cpp's, which
  // refuses it: a "[]" item one level further down must stay within kMaxYamlDepth.
  YamlNode block(int min_indent, int depth) {
    const Line* line = current();
    // An empty item is null, placed by yaml-cpp where the next token is: its job.
    if (!line || line->indent < min_indent) throw Decline{};
    if (depth >= kMaxYamlDepth) throw Decline{};
    return is_item(*line) ? sequence(line->indent, depth) : mapping(line->indent, depth);
  }

  YamlNode sequence(int indent, int depth) {
    YamlNode node = collection(YamlNode::Kind::Sequence, *current());
    while (const Line* line = current()) {
      if (line->indent != indent || !is_item(*line)) break;
      std::string_view rest = line->content.substr(1);
      std::size_t spaces = rest.find_first_not_of(' ');
      if (spaces == std::string_view::npos) {
        ++next_;
        node.items.push_back(block(indent + 1, depth + 1));
        continue;
      }
      // "- key: value" opens a mapping whose keys line up with "key".
      Line inner{line->number, indent + 1 + static_cast<int>(spaces), rest.substr(spaces)};
      if (is_item(inner) || key_end(inner.content) != std::string_view::npos) {
        lines_[next_] = inner;
        node.items.push_back(block(inner.indent, depth + 1));
      } else {
        ++next_;
        node.items.push_back(scalar(inner.content, inner.number, inner.indent + 1));
      }
    }
    return node;
  }

  // Where a "key:" ends in a line, npos when the line holds no key.
  static std::size_t key_end(std::string_view content) {
    std::size_t colon = content.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::string_view::npos;
    if (colon + 1 < content.size() && content[colon + 1] != ' ') return std::string_view::npos;
    for (char c : content.substr(0, colon))
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
        throw Decline{};  // quoted or unusual keys are yaml-cpp's
    return colon;
  }

  YamlNode mapping(int indent, int depth) {
    YamlNode node = collection(YamlNode::Kind::Map, *current());
    while (const Line* line = current()) {
      if (line->indent != indent) {
        if (line->indent > indent) throw Decline{};
        break;
      }
      if (is_item(*line)) throw Decline{};
      std::size_t colon = key_end(line->content);
      if (colon == std::string_view::npos) throw Decline{};
      YamlNode& key = node.items.emplace_back();
      key.line = line->number;
      key.column = indent + 1;
      key.scalar = line->content.substr(0, colon);
      key.kind = is_null_word(key.scalar) ? YamlNode::Kind::Null : YamlNode::Kind::Scalar;
      if (key.kind == YamlNode::Kind::Null) key.scalar.clear();  // "null: x", as yaml-cpp
      std::string_view rest = line->content.substr(colon + 1);
      std::size_t start = rest.find_first_not_of(' ');
      int number = line->number;
      ++next_;
      if (start != std::string_view::npos) {
        node.items.push_back(
            scalar(rest.substr(start), number, indent + 2 + static_cast<int>(colon + start)));
        continue;
      }
      const Line* value = current();
      bool nested =
          value && (value->indent > indent || (value->indent == indent && is_item(*value)));
      if (!nested) throw Decline{};  // an empty value: as an empty item above
      node.items.push_back(block(value->indent, depth + 1));  // nested, or indentless
    }
    return node;
  }

  static YamlNode collection(YamlNode::Kind kind, const Line& line) {
    YamlNode node;
    node.kind = kind;
    node.line = line.number;
    node.column = line.indent + 1;
    return node;
  }

  static YamlNode scalar(std::string_view text, int line, int column) {
    YamlNode node;
    node.line = line;
    node.column = column;
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text == "[]" || text == "{}") {
      node.kind = text == "[]" ? YamlNode::Kind::Sequence : YamlNode::Kind::Map;
      return node;
    }
    node.kind = YamlNode::Kind::Scalar;
    if (text.front() == '\'') {
      node.scalar = single_quoted(text);
    } else if (text.front() == '"') {
      node.scalar = double_quoted(text);
    } else if (is_null_word(text)) {
      node.kind = YamlNode::Kind::Null;
    } else {
      if (!plain_is_safe(text)) throw Decline{};
      node.scalar = text;
    }
    return node;
  }

  std::vector<Line> lines_;
  std::size_t next_ = 0;
};

}  // namespace

std::optional<YamlNode> parse_block_yaml(std::string_view text, int first_line) {
  try {
    return Reader(text, first_line).document();
  } catch (const Decline&) {
    return std::nullopt;
  }
}

}  // namespace tars
