#pragma once
// What the terminal can show: colour and live progress only on a TTY, and never when
// NO_COLOR is set (https://no-color.org).
#include <cstdint>
#include <string>
#include <string_view>

namespace tars::cli {

enum class Style { Plain, Bold, Dim, Red, Green, Yellow, Cyan };

class Terminal {
 public:
  Terminal();
  bool stdout_is_tty() const { return stdout_tty_; }
  bool stderr_is_tty() const { return stderr_tty_; }
  bool stdin_is_tty() const { return stdin_tty_; }

  std::string paint(Style style, std::string_view text) const;      // stdout
  std::string paint_err(Style style, std::string_view text) const;  // stderr
  // Colours +/-/@@ lines of a unified diff.
  std::string paint_diff(std::string_view diff) const;

  // Redraws one progress line on stderr (TTY only): bar, steps, current step, elapsed.
  void progress(int done, int total, std::string_view current, std::int64_t elapsed_ms) const;
  void end_progress() const;

 private:
  bool stdout_tty_ = false;
  bool stderr_tty_ = false;
  bool stdin_tty_ = false;
  bool color_out_ = false;
  bool color_err_ = false;
};

std::string format_elapsed(std::int64_t ms);

}  // namespace tars::cli
