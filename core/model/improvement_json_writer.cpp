// improvement_to_json: writes the text straight into one string, no JSON DOM (a DOM of
// 300,000 edits costs a node per value and a string per key). The layout is exactly
// nlohmann's dump(2) of the former DOM: keys in alphabetical order, 2-space indent.
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/base/text_codec.h"
#include "core/model/diagnostic_json.h"
#include "core/model/improvement.h"

namespace tars {

namespace {

using nlohmann::json;

// Escapes as nlohmann does without ensure_ascii: the short escapes, \u00XX for other
// control characters; '/', DEL and non-ASCII bytes stay as they are. Returns whether
// `text` was plain ASCII, which spares most strings a separate UTF-8 check.
bool append_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char high_bits = 0;
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    high_bits |= byte;
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[byte >> 4];
        out += kHex[byte & 0xf];
    }
  }
  out.append(text.data() + run, text.size() - run);
  return high_bits < 0x80;
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  // A quoted string. Invalid UTF-8 (in a path, say) is left to nlohmann, whose
  // replacement of bad bytes with U+FFFD this must match.
  void string(std::string_view text) {
    if (!quoted(text)) out_ += json(text).dump(-1, ' ', false, json::error_handler_t::replace);
  }

  // Any bytes: a string when they are UTF-8, else {"base64": "..."}.
  void bytes(const std::string& bytes, int indent) {
    if (quoted(bytes)) return;
    open('{');
    key(indent + 2, "base64");
    string(base64_encode(bytes));
    close(indent, '}');
  }

  template <typename Integer>
  void number(Integer value) {
    std::array<char, 24> digits;
    auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    out_.append(digits.data(), end);
  }

  void open(char bracket) {
    out_ += bracket;
    first_ = true;
  }

  // Starts a member or an array element on its own line.
  void item(int indent) {
    out_ += first_ ? "\n" : ",\n";
    first_ = false;
    out_.append(static_cast<std::size_t>(indent), ' ');
  }

  void key(int indent, std::string_view name) {
    item(indent);
    out_ += '"';
    out_ += name;
    out_ += "\": ";
  }

  void close(int indent, char bracket) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += bracket;
    first_ = false;
  }

  void raw(std::string_view text) { out_ += text; }

 private:
  // Writes `text` quoted and escaped if it is UTF-8; else writes nothing, returns false.
  bool quoted(std::string_view text) {
    std::size_t start = out_.size();
    out_ += '"';
    if (!append_escaped(out_, text) && !is_valid_utf8(text)) {
      out_.resize(start);
      return false;
    }
    out_ += '"';
    return true;
  }

  std::string& out_;
  bool first_ = true;
};

void write_edit(Writer& writer, const TextEdit& edit, int indent) {
  writer.open('{');
  writer.key(indent + 2, "newText");
  writer.bytes(edit.new_text, indent + 2);
  writer.key(indent + 2, "offset");
  writer.number(edit.offset);
  writer.key(indent + 2, "oldText");
  writer.bytes(edit.old_text, indent + 2);
  writer.close(indent, '}');
}

void write_change(Writer& writer, const FileChange& change, int indent) {
  const int inner = indent + 2;
  writer.open('{');
  if (!change.base_hash.empty()) {
    writer.key(inner, "baseHash");
    writer.string(change.base_hash);
  }
  if (change.kind == ChangeKind::Create) {
    writer.key(inner, "content");
    writer.bytes(change.content, inner);
  }
  if (!change.edits.empty()) {
    writer.key(inner, "edits");
    writer.open('[');
    for (const TextEdit& edit : change.edits) {
      writer.item(inner + 2);
      write_edit(writer, edit, inner + 2);
    }
    writer.close(inner, ']');
  }
  if (!change.group.empty()) {
    writer.key(inner, "group");
    writer.string(change.group);
  }
  writer.key(inner, "kind");
  writer.string(to_string(change.kind));
  if (change.mode) {
    writer.key(inner, "mode");
    writer.number(*change.mode);
  }
  if (!change.new_path.empty()) {
    writer.key(inner, "newPath");
    writer.string(change.new_path);
  }
  writer.key(inner, "path");
  writer.string(change.path);
  writer.close(indent, '}');
}

// Diagnostics are few: their nlohmann dump, indented one level deeper (newlines inside
// strings are escaped, so every raw newline starts a line of the layout).
std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "[]";
  json array = json::array();
  for (const Diagnostic& d : diagnostics) array.push_back(diagnostic_to_json(d));
  std::string dumped = array.dump(2, ' ', false, json::error_handler_t::replace);
  std::string text;
  text.reserve(dumped.size() + dumped.size() / 4);
  for (char c : dumped) {
    text += c;
    if (c == '\n') text += "  ";
  }
  return text;
}

// Enough for the layout, escapes and base64 in the common case; the string grows if not.
std::size_t estimated_size(const Improvement& improvement) {
  std::size_t size = 4096 + improvement.diagnostics.size() * 512;
  for (const FileChange& change : improvement.changes) {
    size += 256 + change.path.size() + change.new_path.size() + change.content.size() * 5 / 4;
    for (const TextEdit& edit : change.edits)
      size += 128 + (edit.old_text.size() + edit.new_text.size()) * 9 / 8;
  }
  return size;
}

}  // namespace

std::string improvement_to_json(const Improvement& improvement) {
  std::string out;
  out.reserve(estimated_size(improvement));
  Writer writer(out);
  writer.open('{');
  if (!improvement.author.empty()) {  // absent rather than "": older files stay as they were
    writer.key(2, "author");
    writer.string(improvement.author);
  }
  writer.key(2, "category");
  writer.string(improvement.category);
  writer.key(2, "changes");
  if (improvement.changes.empty()) {
    writer.raw("[]");
  } else {
    writer.open('[');
    for (const FileChange& change : improvement.changes) {
      writer.item(4);
      write_change(writer, change, 4);
    }
    writer.close(2, ']');
  }
  writer.key(2, "createdAt");
  writer.string(improvement.created_at);
  writer.key(2, "description");
  writer.string(improvement.description);
  writer.key(2, "diagnostics");
  writer.raw(diagnostics_text(improvement.diagnostics));
  writer.key(2, "id");
  writer.string(improvement.id);
  writer.key(2, "priority");
  writer.number(improvement.priority);
  writer.key(2, "source");
  writer.string(improvement.source);
  writer.key(2, "status");
  writer.string(improvement.status);
  writer.key(2, "title");
  writer.string(improvement.title);
  writer.close(0, '}');
  out += '\n';
  return out;
}

}  // namespace tars
