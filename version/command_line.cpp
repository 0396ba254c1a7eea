#include "version/command_line.h"

#include <algorithm>

namespace tars {

std::string usage_text(std::string_view program, std::span<const CommandLineOption> options) {
  std::string text = "usage: " + std::string(program) + " [OPTIONS]\n\nOptions:\n";
  for (const CommandLineOption& option : options) {
    std::string left = "  " + std::string(option.name);
    if (!option.argument.empty()) left += " " + std::string(option.argument);
    left.resize(std::max<std::size_t>(left.size() + 2, 44), ' ');
    text += left + std::string(option.help) + "\n";
  }
  return text;
}

}  // namespace tars
