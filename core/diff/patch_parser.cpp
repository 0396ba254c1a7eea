#include "core/diff/patch_parser.h"

#include <algorithm>
#include <charconv>
#include <iterator>

#include "core/base/error.h"
#include "core/base/quote.h"
#include "core/diff/patch_names.h"

namespace tars {

namespace {

// The patch's lines one at a time: the parser only looks at the current line and the
// next, so the text is never split up front.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) { end_ = line_end(0); }

  bool done() const { return begin_ >= text_.size(); }
  std::size_t index() const { return index_; }  // 0-based; the line count once done()
  // The current line without its '\n'.
  std::string_view line() const { return text_.substr(begin_, end_ - begin_); }
  // The current line from byte `skip` through its '\n', when it has one.
  std::string_view with_newline(std::size_t skip) const {
    std::size_t stop = end_ < text_.size() ? end_ + 1 : end_;
    return text_.substr(begin_ + skip, stop - begin_ - skip);
  }
  bool has_next() const { return end_ + 1 < text_.size(); }
  std::string_view next() const {
    std::size_t next_begin = end_ + 1;
    return text_.substr(next_begin, line_end(next_begin) - next_begin);
  }
  void advance() {
    begin_ = std::min(end_ + 1, text_.size());
    end_ = line_end(begin_);
    ++index_;
  }

 private:
  std::size_t line_end(std::size_t from) const {
    return std::min(text_.find('\n', from), text_.size());
  }

  std::string_view text_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;  // the '\n' ending the current line, or the text's size
  std::size_t index_ = 0;
};

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& origin, int strip, std::size_t offset)
      : lines_(text), origin_(origin), strip_(strip), offset_(offset) {}

  ParsedPatch parse() {
    ParsedPatch patch;
    while (!lines_.done()) {
      std::string_view line = current();
      if (patch.subject.empty() && patch.files.empty() && line.starts_with("Subject: ")) {
        patch.subject = subject(line);
      } else if (line.starts_with("diff --git ")) {
        patch.files.push_back(git_file());
        continue;
      } else if (line.starts_with("--- ") && lines_.has_next() &&
                 strip_cr(lines_.next()).starts_with("+++ ")) {
        patch.files.push_back(plain_file());
        continue;
      }
      lines_.advance();
    }
    if (patch.files.empty()) throw Error(ErrorKind::BadInput, origin_ + ": no file changes found");
    return patch;
  }

 private:
  std::string_view current() const { return strip_cr(lines_.line()); }
  // Of the current line, 1-based, in the whole input.
  std::size_t number() const { return lines_.index() + 1 + offset_; }

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw Error(ErrorKind::BadInput, origin_ + ":" + std::to_string(line) + ": " + what);
  }

  std::string subject(std::string_view line) {
    std::string text(line.substr(9));
    while (lines_.has_next() && strip_cr(lines_.next()).starts_with(" ")) {
      lines_.advance();
      text += current();
    }
    if (text.starts_with("[")) {
      std::size_t close = text.find("] ");
      if (close != std::string::npos) text = text.substr(close + 2);
    }
    return text;
  }

  std::string unquote(std::string_view quoted, std::size_t line) const {
    std::optional<std::string> name = unquote_c(quoted);
    if (!name) fail(line, "bad escape in quoted path");
    return *name;
  }

  // A quoted name, or the rest of the line up to a tab (timestamps follow a tab).
  std::string name(std::string_view text, std::size_t line) const {
    if (text.starts_with("\"")) {
      std::size_t end = 1;
      while (end < text.size() && (text[end] != '"' || text[end - 1] == '\\')) ++end;
      if (end >= text.size()) fail(line, "unterminated quoted path");
      return unquote(text.substr(0, end + 1), line);
    }
    std::size_t tab = text.find('\t');
    std::string_view bare = tab == std::string_view::npos ? text : text.substr(0, tab);
    while (!bare.empty() && bare.back() == ' ') bare.remove_suffix(1);
    return std::string(bare);
  }

  // Without -p: git's "a/" or "b/" when there. With -p N: N leading components, which
  // must be there.
  std::string strip_prefix(const std::string& path, char side, int count = -2,
                           std::size_t line = 0) const {
    if (count == -2) count = strip_;
    if (count < 0) {
      if (path.size() > 2 && path[0] == side && path[1] == '/') return path.substr(2);
      return path;
    }
    std::size_t at = 0;
    for (int k = 0; k < count; ++k) {
      std::size_t slash = path.find('/', at);
      if (slash == std::string::npos)
        fail(line ? line : number(),
             "-p " + std::to_string(strip_) + " strips more than the whole path '" + path + "'");
      at = slash + 1;
      while (at < path.size() && path[at] == '/') ++at;
    }
    return path.substr(at);
  }

  bool same_after_strip(std::string_view left, std::string_view right) const {
    try {
      return strip_prefix(std::string(left), 'a', std::max(strip_, 0)) ==
             strip_prefix(std::string(right), 'b', std::max(strip_, 0));
    } catch (const Error&) {
      return false;
    }
  }

  // "rename from", "copy to": names without the a/ b/ prefix, so -p N strips N - 1.
  std::string header_name(std::string_view text) const {
    std::string path = name(text, number());
    return strip_ > 0 ? strip_prefix(path, 'a', strip_ - 1) : path;
  }

  // "diff --git a/x b/y": the names when no ---/+++ lines follow (renames, modes, empty files).
  void git_names(std::string_view rest, FilePatch& file, std::size_t line) const {
    if (rest.starts_with("\"")) {
      std::size_t end = 1;
      while (end < rest.size() && (rest[end] != '"' || rest[end - 1] == '\\')) ++end;
      file.old_path = strip_prefix(unquote(rest.substr(0, end + 1), line), 'a');
      std::string_view second = rest.substr(std::min(rest.size(), end + 2));
      file.new_path =
          strip_prefix(second.starts_with("\"") ? unquote(second, line) : std::string(second), 'b');
      return;
    }
    std::size_t best = std::string_view::npos;
    for (std::size_t pos = rest.find(" b/"); pos != std::string_view::npos;
         pos = rest.find(" b/", pos + 1)) {
      if (best == std::string_view::npos) best = pos;
      if (rest.substr(0, pos).substr(std::min<std::size_t>(2, pos)) == rest.substr(pos + 3)) {
        best = pos;
        break;
      }
    }
    // Other prefixes (`--no-prefix`, -p N): the space after which both names are one.
    for (std::size_t pos = rest.find(' ');
         best == std::string_view::npos && pos != std::string_view::npos;
         pos = rest.find(' ', pos + 1))
      if (same_after_strip(rest.substr(0, pos), rest.substr(pos + 1))) best = pos;
    if (best == std::string_view::npos) fail(line, "cannot read the file names of 'diff --git'");
    std::string second(rest.substr(best + 1));
    if (second.starts_with("\"")) second = unquote(second, line);
    file.old_path = strip_prefix(std::string(rest.substr(0, best)), 'a');
    file.new_path = strip_prefix(second, 'b');
  }

  // The modes git records (100664 is how old gits wrote 100644). Any other mode is
  // refused naming the file: a setuid 104755 never becomes a setuid file.
  unsigned mode(std::string_view text, const FilePatch& file) const {
    text = strip_cr(text);
    unsigned value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 8);
    if (error == std::errc() && end == text.data() + text.size()) {
      if (value == 0100664) return kModeFile;
      if (value == kModeFile || value == kModeExecutable || value == kModeSymlink ||
          value == kModeGitlink)
        return value;
    }
    std::string name = quote_path(file.new_path.empty() ? file.old_path : file.new_path);
    fail(number(), name + ": mode " + std::string(text) +
                       " is not a file mode git records (100644, 100755, 120000 or 160000)");
  }

  FilePatch git_file() {
    FilePatch file;
    file.source_line = static_cast<int>(number());
    git_names(current().substr(11), file, number());
    lines_.advance();
    while (!lines_.done()) {
      std::string_view line = current();
      if (line.starts_with("new file mode ")) {
        file.is_new = true;
        file.new_mode = mode(line.substr(14), file);
      } else if (line.starts_with("deleted file mode ")) {
        file.is_delete = true;
        file.old_mode = mode(line.substr(18), file);
      } else if (line.starts_with("new mode ")) {
        file.new_mode = mode(line.substr(9), file);
      } else if (line.starts_with("old mode ")) {
        file.old_mode = mode(line.substr(9), file);
      } else if (line.starts_with("rename from ") || line.starts_with("copy from ")) {
        (line[0] == 'r' ? file.is_rename : file.is_copy) = true;
        file.old_path = header_name(line.substr(line[0] == 'r' ? 12 : 10));
      } else if (line.starts_with("rename to ") || line.starts_with("copy to ")) {
        (line[0] == 'r' ? file.is_rename : file.is_copy) = true;
        file.new_path = header_name(line.substr(line[0] == 'r' ? 10 : 8));
      } else if (line == "GIT binary patch") {
        file.is_binary = true;
        lines_.advance();
        read_binary(file);
        break;
      } else if (line.starts_with("index ") && line.find(' ', 6) != std::string_view::npos) {
        // "index a..b 160000": the mode of a file that keeps it (a submodule's update).
        unsigned kept = mode(line.substr(line.find(' ', 6) + 1), file);
        if (!file.old_mode) file.old_mode = kept;
        if (!file.new_mode) file.new_mode = kept;
      } else if (line.starts_with("Binary files ") && line.ends_with(" differ")) {
        file.is_binary = true;
      } else if (line.starts_with("--- ")) {
        read_names(file, true);
        read_hunks(file);
        break;
      } else if (!line.starts_with("similarity index ") &&
                 !line.starts_with("dissimilarity index ") && !line.starts_with("index ")) {
        break;
      }
      lines_.advance();
    }
    return file;
  }

  // "literal N" or "delta N", base85 lines, a blank line; then the same for the reverse
  // direction, which git writes too.
  void read_binary(FilePatch& file) {
    file.forward = binary_hunk();
    std::string_view line = current();
    if (!lines_.done() && (line.starts_with("literal ") || line.starts_with("delta ")))
      file.reverse = binary_hunk();
  }

  BinaryHunk binary_hunk() {
    std::string_view header = current();
    std::size_t header_line = number();
    BinaryHunk hunk;
    hunk.delta = header.starts_with("delta ");
    bool literal = header.starts_with("literal ");
    // Found by fuzz/targets/patch.cpp: a header that is neither threw out_of_range here.
    std::string_view size_text = header.substr(hunk.delta ? 6 : literal ? 8 : header.size());
    auto [end, error] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), hunk.size);
    if (lines_.done() || (!literal && !hunk.delta) || error != std::errc() ||
        end != size_text.data() + size_text.size())
      fail(header_line, "expected 'literal <size>' or 'delta <size>' in a GIT binary patch");
    lines_.advance();
    std::string deflated;
    for (; !lines_.done() && !current().empty(); lines_.advance())
      if (!decode_base85_line(current(), deflated))
        fail(number(), "malformed base85 line in the GIT binary patch at line " +
                           std::to_string(header_line));
    if (!lines_.done()) lines_.advance();  // the blank line
    if (!inflate_exact(deflated, hunk.size, hunk.data))
      fail(header_line, "the GIT binary patch data does not inflate to the " +
                            std::to_string(hunk.size) + " bytes its header states");
    return hunk;
  }

  FilePatch plain_file() {
    FilePatch file;
    file.source_line = static_cast<int>(number());
    bool old_epoch = is_epoch_stamp(current()),
         new_epoch = lines_.has_next() && is_epoch_stamp(lines_.next());
    read_names(file, false);
    // Like `patch -p1` when the two names differ in their first part ("a/x" "b/x",
    // `diff -ruN old new`'s "old/x" "new/x"); "src/x.orig" "src/x" stay as they are.
    auto first = [](const std::string& p) { return p.substr(0, p.find('/')); };
    auto has_dir = [](const std::string& p) { return p.find('/') != std::string::npos; };
    if (strip_ >= 0) {
      std::size_t line = static_cast<std::size_t>(file.source_line);
      if (!file.old_path.empty()) file.old_path = strip_prefix(file.old_path, 'a', -2, line);
      if (!file.new_path.empty()) file.new_path = strip_prefix(file.new_path, 'b', -2, line + 1);
    } else if (!file.old_path.empty() && !file.new_path.empty()) {
      if (has_dir(file.old_path) && has_dir(file.new_path) &&
          first(file.old_path) != first(file.new_path)) {
        file.old_path = file.old_path.substr(file.old_path.find('/') + 1);
        file.new_path = file.new_path.substr(file.new_path.find('/') + 1);
      }
    } else {
      file.old_path = strip_prefix(file.old_path, 'a');
      file.new_path = strip_prefix(file.new_path, 'b');
    }
    read_hunks(file);
    // `diff -N` dates an absent side at the epoch, as GNU patch reads it.
    auto all = [&](auto count) {
      return std::all_of(file.hunks.begin(), file.hunks.end(),
                         [&](const Hunk& h) { return count(h) == 0; });
    };
    if (old_epoch && !file.is_new && all([](const Hunk& h) { return h.old_count; })) {
      file.is_new = true;
      file.old_path.clear();
    } else if (new_epoch && !file.is_delete && all([](const Hunk& h) { return h.new_count; })) {
      file.is_delete = true;
      file.new_path.clear();
    }
    return file;
  }

  // The name on the current "--- " / "+++ " line.
  std::string file_name(std::string_view marker) const {
    std::string found = name(current().substr(marker.size()), number());
    if (found.empty()) fail(number(), "'" + std::string(marker) + "' without a file name");
    return found;
  }

  // Reads the current "---" line and the "+++" line after it; "/dev/null" marks a created or
  // deleted file. git patches name files "a/x" and "b/x"; `strip_git_prefix` removes those.
  void read_names(FilePatch& file, bool strip_git_prefix) {
    std::string old_name = file_name("--- ");
    lines_.advance();
    if (lines_.done() || !current().starts_with("+++ "))
      fail(number(), "expected a '+++' line after '---'");
    std::string new_name = file_name("+++ ");
    lines_.advance();
    if (old_name == "/dev/null") {
      file.is_new = true;
      file.old_path.clear();
    } else if (!file.is_rename && !file.is_copy) {
      file.old_path = strip_git_prefix ? strip_prefix(old_name, 'a') : old_name;
    }
    if (new_name == "/dev/null") {
      file.is_delete = true;
      file.new_path.clear();
    } else if (!file.is_rename && !file.is_copy) {
      file.new_path = strip_git_prefix ? strip_prefix(new_name, 'b') : new_name;
    }
  }

  static bool read_number(std::string_view& text, int& value) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc()) return false;
    text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
    return true;
  }

  // "-l[,s] +l[,s] @@"
  Hunk hunk_header(std::string_view line) const {
    Hunk hunk;
    hunk.source_line = static_cast<int>(number());
    std::string_view rest = line.substr(3);
    bool ok = rest.starts_with("-");
    rest.remove_prefix(ok ? 1 : 0);
    ok = ok && read_number(rest, hunk.old_start);
    hunk.old_count = 1;
    if (ok && rest.starts_with(",")) {
      rest.remove_prefix(1);
      ok = read_number(rest, hunk.old_count);
    }
    ok = ok && rest.starts_with(" +");
    if (ok) rest.remove_prefix(2);
    ok = ok && read_number(rest, hunk.new_start);
    hunk.new_count = 1;
    if (ok && rest.starts_with(",")) {
      rest.remove_prefix(1);
      ok = read_number(rest, hunk.new_count);
    }
    ok = ok && rest.starts_with(" @@") && hunk.old_count >= 0 && hunk.new_count >= 0;
    if (!ok) fail(number(), "malformed hunk header '" + std::string(line) + "'");
    return hunk;
  }

  // Hunks, and the lines of each, are gathered in reused buffers so that every vector
  // the result keeps is allocated once, at its exact size.
  void read_hunks(FilePatch& file) {
    hunks_.clear();
    while (!lines_.done() && current().starts_with("@@ ")) {
      hunks_.push_back(hunk_header(current()));
      lines_.advance();
      read_hunk_body(hunks_.back());
    }
    file.hunks.assign(std::make_move_iterator(hunks_.begin()),
                      std::make_move_iterator(hunks_.end()));
  }

  void read_hunk_body(Hunk& hunk) {
    body_.clear();
    int old_left = hunk.old_count;
    int new_left = hunk.new_count;
    while (old_left > 0 || new_left > 0) {
      if (lines_.done())
        fail(lines_.index() + offset_, "hunk at line " + std::to_string(hunk.source_line) +
                                           " ends early: " + std::to_string(old_left) +
                                           " old and " + std::to_string(new_left) +
                                           " new lines missing");
      std::string_view line = lines_.line();
      char kind = line.empty() ? ' ' : line[0];  // some tools drop the space of empty context lines
      if (kind == '\\') {
        drop_newline();
        lines_.advance();
        continue;
      }
      if (kind != ' ' && kind != '-' && kind != '+')
        fail(number(), "unexpected line in hunk starting at line " +
                           std::to_string(hunk.source_line) + " (the hunk header counts " +
                           std::to_string(hunk.old_count) + " old and " +
                           std::to_string(hunk.new_count) + " new lines)");
      if ((kind != '+' && old_left == 0) || (kind != '-' && new_left == 0))
        fail(number(), "hunk starting at line " + std::to_string(hunk.source_line) +
                           " has more lines than its header counts");
      if (kind != '+') --old_left;
      if (kind != '-') --new_left;
      body_.push_back({kind, lines_.with_newline(line.empty() ? 0 : 1)});
      lines_.advance();
    }
    if (!lines_.done() && lines_.line().starts_with("\\")) {
      drop_newline();
      lines_.advance();
    }
    hunk.lines.assign(body_.begin(), body_.end());
  }

  // "\ No newline at end of file": the line before it has no line end.
  void drop_newline() {
    if (body_.empty()) fail(number(), "'\\ No newline at end of file' without a line before it");
    std::string_view& text = body_.back().text;
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  }

  LineCursor lines_;
  const std::string& origin_;
  int strip_;
  std::size_t offset_;          // lines of the input before `text`
  std::vector<Hunk> hunks_;     // the hunks of the file being read
  std::vector<HunkLine> body_;  // the lines of the hunk being read
};

}  // namespace

ParsedPatch parse_patch(std::string_view text, const std::string& origin, int strip,
                        std::size_t line_offset) {
  return Parser(text, origin, strip, line_offset).parse();
}

}  // namespace tars
