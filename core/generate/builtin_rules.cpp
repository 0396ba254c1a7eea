#include "core/generate/builtin_rules.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tars {

namespace {

struct LineSpan {
  int number = 0;            // 1-based
  std::size_t begin = 0;     // offset of its first byte
  std::size_t text_end = 0;  // offset of its line ending (or of the end of the text)
  std::string_view ending;   // "\n", "\r\n", or "" for a last line without one
};

// A lone CR is text, not a line ending (neither git nor compilers treat it as one).
std::vector<LineSpan> split_lines(std::string_view content) {
  std::vector<LineSpan> lines;
  for (std::size_t pos = 0; pos < content.size();) {
    LineSpan line{static_cast<int>(lines.size()) + 1, pos, content.size(), ""};
    std::size_t newline = content.find('\n', pos);
    if (newline != std::string_view::npos) {
      bool crlf = newline > pos && content[newline - 1] == '\r';
      line.text_end = crlf ? newline - 1 : newline;
      line.ending = content.substr(line.text_end, newline + 1 - line.text_end);
    }
    pos = line.text_end + line.ending.size();
    lines.push_back(line);
  }
  return lines;
}

// The ending most lines use; a tie goes to the first line's.
std::string_view majority_ending(const std::vector<LineSpan>& lines) {
  long crlf = 0, lf = 0;
  std::string_view first;
  for (const LineSpan& line : lines) {
    if (line.ending.empty()) continue;
    (line.ending == "\r\n" ? crlf : lf) += 1;
    if (first.empty()) first = line.ending;
  }
  if (crlf == lf) return first.empty() ? "\n" : first;
  return crlf > lf ? "\r\n" : "\n";
}

Diagnostic finding(std::string_view rule, std::string_view path, const LineSpan& line,
                   std::size_t begin, std::size_t end, std::string message) {
  Diagnostic diagnostic;
  diagnostic.path = path;
  diagnostic.line = diagnostic.end_line = line.number;
  diagnostic.column = static_cast<int>(begin - line.begin) + 1;
  diagnostic.end_column = static_cast<int>(end - line.begin) + 1;
  diagnostic.severity = "warning";
  diagnostic.code = rule;
  diagnostic.message = std::move(message);
  diagnostic.source = "tars";
  return diagnostic;
}

std::string lowercase_extension(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string extension(path.substr(dot));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

bool is_horizontal_space(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

// Trailing spaces are meaning in Markdown (a hard line break) and in patches (context
// lines of blank lines), so those files are left alone.
RuleFindings check_trailing_whitespace(std::string_view path, std::string_view content) {
  RuleFindings findings;
  std::string extension = lowercase_extension(path);
  for (const char* meaningful : {".md", ".markdown", ".patch", ".diff"})
    if (extension == meaningful) return findings;
  for (const LineSpan& line : split_lines(content)) {
    std::size_t start = line.text_end;
    while (start > line.begin && is_horizontal_space(content[start - 1])) --start;
    if (start == line.text_end) continue;
    findings.edits.push_back(
        {start, std::string(content.substr(start, line.text_end - start)), ""});
    findings.diagnostics.push_back(
        finding("trailing-whitespace", path, line, start, line.text_end, "trailing whitespace"));
  }
  return findings;
}

RuleFindings check_final_newline(std::string_view path, std::string_view content) {
  RuleFindings findings;
  if (content.empty() || content.back() == '\n') return findings;
  std::vector<LineSpan> lines = split_lines(content);
  std::string_view ending = majority_ending(lines);
  // A file ending in a lone CR only lacks the LF of its CRLF.
  if (ending == "\r\n" && content.back() == '\r') ending = "\n";
  findings.edits.push_back({content.size(), "", std::string(ending)});
  findings.diagnostics.push_back(finding("final-newline", path, lines.back(), content.size(),
                                         content.size(), "no newline at end of file"));
  return findings;
}

RuleFindings check_mixed_line_endings(std::string_view path, std::string_view content) {
  RuleFindings findings;
  std::vector<LineSpan> lines = split_lines(content);
  std::string_view target = majority_ending(lines);
  std::string name = target == "\r\n" ? "CRLF" : "LF";
  std::string other = target == "\r\n" ? "LF" : "CRLF";
  for (const LineSpan& line : lines) {
    if (line.ending.empty() || line.ending == target) continue;
    findings.edits.push_back({line.text_end, std::string(line.ending), std::string(target)});
    findings.diagnostics.push_back(
        finding("mixed-line-endings", path, line, line.text_end, line.text_end + line.ending.size(),
                "line ends with " + other + "; most lines of this file end with " + name));
  }
  return findings;
}

// --- pragma-once ------------------------------------------------------------------

bool is_header(std::string_view path) {
  if (path.ends_with(".H")) return true;  // C++ headers on case-sensitive systems
  std::string extension = lowercase_extension(path);
  for (const char* header : {".h", ".hh", ".hpp", ".hxx", ".h++"})
    if (extension == header) return true;
  return false;
}

// Offset of the first byte that is not whitespace, a comment or a BOM (the size if none).
std::size_t first_code(std::string_view text) {
  std::size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (pos < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
    } else if (text.substr(pos, 2) == "//") {
      pos = std::min(text.find('\n', pos), text.size());
    } else if (text.substr(pos, 2) == "/*") {
      std::size_t close = text.find("*/", pos + 2);
      pos = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      break;
    }
  }
  return pos;
}

struct Directive {
  std::string name;      // "define" of "#  define X 1"
  std::string argument;  // " X 1"
};

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::vector<Directive> directives(std::string_view content, const std::vector<LineSpan>& lines) {
  std::vector<Directive> found;
  for (const LineSpan& line : lines) {
    std::string_view text = content.substr(line.begin, line.text_end - line.begin);
    std::size_t hash = text.find_first_not_of(" \t");
    if (hash == std::string_view::npos || text[hash] != '#') continue;
    std::size_t start = std::min(text.find_first_not_of(" \t", hash + 1), text.size());
    std::size_t end = start;
    while (end < text.size() && is_identifier_char(text[end])) ++end;
    found.push_back({std::string(text.substr(start, end - start)), std::string(text.substr(end))});
  }
  return found;
}

// The macro a directive names: "X" of " X", " !defined(X)" and " !defined X".
std::string macro_of(const std::string& argument) {
  std::string name;
  for (char c : argument) {
    if (is_identifier_char(c)) {
      name += c;
      continue;
    }
    if (!name.empty() && name != "defined") break;
    name.clear();
  }
  return name;
}

// An `#ifndef X` or `#if !defined(X)` directly followed by `#define X` — anywhere: a
// header that leaves part of itself outside its guard does so on purpose.
bool has_include_guard(const std::vector<Directive>& found) {
  for (std::size_t i = 0; i + 1 < found.size(); ++i) {
    const Directive& opening = found[i];
    bool negated_if = opening.name == "if" && opening.argument.find('!') != std::string::npos &&
                      opening.argument.find("defined") != std::string::npos;
    if (opening.name != "ifndef" && !negated_if) continue;
    std::string macro = macro_of(opening.argument);
    if (found[i + 1].name == "define" && !macro.empty() && macro_of(found[i + 1].argument) == macro)
      return true;
  }
  return false;
}

bool has_pragma_once(const std::vector<Directive>& found) {
  return std::any_of(found.begin(), found.end(), [](const Directive& directive) {
    return directive.name == "pragma" && macro_of(directive.argument) == "once";
  });
}

RuleFindings check_pragma_once(std::string_view path, std::string_view content) {
  RuleFindings findings;
  if (!is_header(path)) return findings;
  std::vector<LineSpan> lines = split_lines(content);
  std::vector<Directive> found = directives(content, lines);
  std::size_t code = first_code(content);
  // A header of only comments has nothing to guard.
  if (has_pragma_once(found) || has_include_guard(found) || code >= content.size()) return findings;
  auto line = std::find_if(lines.begin(), lines.end(),
                           [&](const LineSpan& l) { return code < l.text_end + l.ending.size(); });
  std::size_t at = std::max<std::size_t>(line->begin, content.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  std::string ending(majority_ending(lines));
  findings.edits.push_back({at, "", "#pragma once" + ending + ending});
  findings.diagnostics.push_back(finding("pragma-once", path, *line, at, line->text_end,
                                         "header has neither an include guard nor #pragma once"));
  return findings;
}

}  // namespace

const std::vector<BuiltinRule>& builtin_rules() {
  static const std::vector<BuiltinRule> rules = {
      {"trailing-whitespace", "Remove trailing whitespace",
       "Deletes spaces and tabs at the ends of lines (Markdown and patch files keep theirs).",
       "whitespace", check_trailing_whitespace},
      {"final-newline", "Add the missing final newline",
       "Ends each text file with a line ending, in the style the file already uses.", "whitespace",
       check_final_newline},
      {"mixed-line-endings", "Normalise mixed line endings",
       "Converts the line endings of files that mix LF and CRLF to the one most of their "
       "lines use.",
       "whitespace", check_mixed_line_endings},
      {"pragma-once", "Add #pragma once to unguarded headers",
       "Headers with neither an include guard nor #pragma once break the build when included "
       "twice in one translation unit; #pragma once is added before their first line of code.",
       "headers", check_pragma_once},
  };
  return rules;
}

const BuiltinRule* find_builtin_rule(std::string_view name) {
  for (const BuiltinRule& rule : builtin_rules())
    if (rule.name == name) return &rule;
  return nullptr;
}

}  // namespace tars
