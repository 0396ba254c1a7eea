#pragma once
// The servers' command-line options as data: main() parses them, --help prints them
// (usage_text), and packaging/docgen makes the man pages and completions from them.
#include <span>
#include <string>
#include <string_view>

namespace tars {

struct CommandLineOption {
  std::string_view name;      // "--log-file"
  std::string_view argument;  // what follows it ("FILE"; "a|b|c" for a choice), "" for a flag
  std::string_view help;
};

// "usage: <program> [OPTIONS]" and one aligned line per option.
std::string usage_text(std::string_view program, std::span<const CommandLineOption> options);

}  // namespace tars
