#include "cli/terminal.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace tars::cli {

namespace {

const char* code(Style style) {
  switch (style) {
    case Style::Plain:
      return "";
    case Style::Bold:
      return "\033[1m";
    case Style::Dim:
      return "\033[2m";
    case Style::Red:
      return "\033[31m";
    case Style::Green:
      return "\033[32m";
    case Style::Yellow:
      return "\033[33m";
    case Style::Cyan:
      return "\033[36m";
  }
  return "";
}

std::string apply(bool enabled, Style style, std::string_view text) {
  if (!enabled || style == Style::Plain) return std::string(text);
  return code(style) + std::string(text) + "\033[0m";
}

}  // namespace

Terminal::Terminal()
    : stdout_tty_(::isatty(STDOUT_FILENO)),
      stderr_tty_(::isatty(STDERR_FILENO)),
      stdin_tty_(::isatty(STDIN_FILENO)) {
  const char* no_color = std::getenv("NO_COLOR");
  bool allowed = !(no_color && *no_color);
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") allowed = false;
  color_out_ = allowed && stdout_tty_;
  color_err_ = allowed && stderr_tty_;
}

std::string Terminal::paint(Style style, std::string_view text) const {
  return apply(color_out_, style, text);
}

std::string Terminal::paint_err(Style style, std::string_view text) const {
  return apply(color_err_, style, text);
}

std::string Terminal::paint_diff(std::string_view diff) const {
  if (!color_out_) return std::string(diff);
  std::string out;
  std::size_t start = 0;
  while (start < diff.size()) {
    std::size_t end = diff.find('\n', start);
    end = end == std::string_view::npos ? diff.size() : end + 1;
    std::string_view line = diff.substr(start, end - start);
    Style style = Style::Plain;
    if (line.starts_with("+++") || line.starts_with("---") || line.starts_with("diff --git"))
      style = Style::Bold;
    else if (line.starts_with("+"))
      style = Style::Green;
    else if (line.starts_with("-"))
      style = Style::Red;
    else if (line.starts_with("@@"))
      style = Style::Cyan;
    bool newline = line.ends_with('\n');
    if (newline) line.remove_suffix(1);
    out += apply(true, style, line);
    if (newline) out += '\n';
    start = end;
  }
  return out;
}

std::string format_elapsed(std::int64_t ms) {
  std::int64_t seconds = ms / 1000;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", static_cast<long long>(seconds / 60),
                static_cast<long long>(seconds % 60));
  return buffer;
}

void Terminal::progress(int done, int total, std::string_view current,
                        std::int64_t elapsed_ms) const {
  if (!stderr_tty_) return;
  const int width = 30;
  int filled = total > 0 ? width * done / total : 0;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  std::string step(current.substr(0, 40));
  std::fprintf(stderr, "\r\033[K[%s] %d/%d steps  %s  %s", paint_err(Style::Cyan, bar).c_str(),
               done, total, step.c_str(), format_elapsed(elapsed_ms).c_str());
  std::fflush(stderr);
}

void Terminal::end_progress() const {
  if (!stderr_tty_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace tars::cli
