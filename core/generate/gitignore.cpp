#include "core/generate/gitignore.h"

#include <fnmatch.h>

#include "core/base/path_parts.h"

namespace tars {

namespace {

// Trailing spaces are dropped unless escaped with a backslash.
std::string_view trim_trailing(std::string_view line) {
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  while (!line.empty() && line.back() == ' ' &&
         !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.remove_suffix(1);
  return line;
}

// One character against "[...]"; `set` includes both brackets.
bool set_matches(std::string_view set, char c) {
  std::string pattern(set);
  const char text[2] = {c, '\0'};
  return c != '/' && fnmatch(pattern.c_str(), text, 0) == 0;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t) {
  while (!p.empty()) {
    if (p.starts_with("**")) {
      p.remove_prefix(2);
      bool leading = p.starts_with('/');
      if (leading) p.remove_prefix(1);
      for (std::size_t i = 0; i <= t.size(); ++i)
        if ((!leading || i == 0 || t[i - 1] == '/') && glob_match(p, t.substr(i))) return true;
      return false;
    }
    if (p[0] == '*') {
      p.remove_prefix(1);
      for (std::size_t i = 0; i <= t.size(); ++i) {
        if (glob_match(p, t.substr(i))) return true;
        if (i < t.size() && t[i] == '/') return false;
      }
      return false;
    }
    if (t.empty()) return false;
    std::size_t close = p[0] == '[' ? p.find(']', 2) : std::string_view::npos;
    if (close != std::string_view::npos) {
      if (!set_matches(p.substr(0, close + 1), t[0])) return false;
      p.remove_prefix(close + 1);
      t.remove_prefix(1);
      continue;
    }
    bool escaped = p[0] == '\\' && p.size() > 1;
    if (escaped) p.remove_prefix(1);
    if (p[0] == '?' && !escaped ? t[0] == '/' : p[0] != t[0]) return false;
    p.remove_prefix(1);
    t.remove_prefix(1);
  }
  return t.empty();
}

void IgnoreRules::add(const std::string& directory, std::string_view text) {
  std::string base = directory.empty() ? "" : directory + "/";
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_trailing(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    Pattern pattern{base, "", false, false, false};
    if (line[0] == '!') {
      pattern.negate = true;
      line.remove_prefix(1);
    } else if (line.starts_with("\\!") || line.starts_with("\\#")) {
      line.remove_prefix(1);
    }
    if (line.ends_with('/')) {
      pattern.directory_only = true;
      line.remove_suffix(1);
    }
    pattern.anchored = line.find('/') != std::string_view::npos;
    if (line.starts_with('/')) line.remove_prefix(1);
    if (line.empty()) continue;
    pattern.glob = line;
    patterns_.push_back(std::move(pattern));
  }
}

bool IgnoreRules::ignored(const std::string& path, bool is_directory) const {
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    const Pattern& pattern = *it;
    if (pattern.directory_only && !is_directory) continue;
    if (!path.starts_with(pattern.base)) continue;
    std::string_view below = std::string_view(path).substr(pattern.base.size());
    if (glob_match(pattern.glob, pattern.anchored ? below : file_name_of(below)))
      return !pattern.negate;
  }
  return false;
}

}  // namespace tars
