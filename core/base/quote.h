#pragma once
// Paths in messages, quoted as git quotes them: unchanged when plain, else in double
// quotes with C escapes ("a\tb", "caf\303\251", "x\000y"), so a NUL cannot cut a
// message short and a control character cannot reach the terminal.
#include <string>
#include <string_view>

namespace tars {

bool needs_quoting(std::string_view path);
std::string quote_path(std::string_view path);
// A message for a terminal: control characters other than newline and tab (an escape
// sequence, a NUL) written as octal escapes (\033), everything else as it is.
std::string printable(std::string_view message);

}  // namespace tars
