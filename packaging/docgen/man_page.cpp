// The generated parts of a man page: synopsis, options and commands, in roff, put into
// the page's hand-written template (packaging/man/<program>.1.in) at @SYNOPSIS@,
// @OPTIONS@ and @COMMANDS@; @VERSION@ becomes the release.
#include "packaging/docgen/writers.h"

namespace tars::docgen {

namespace {

// Text as roff shows it: backslashes and hyphens escaped, no line starting a request.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string names_of(const OptionDoc& option) {
  std::string text;
  for (const std::string& name : option.names)
    text += (text.empty() ? "" : ", ") + std::string("\\fB") + roff(name) + "\\fR";
  if (!option.value.empty()) text += " \\fI" + roff(option.value) + "\\fR";
  return text;
}

std::string option_items(const std::vector<const OptionDoc*>& options) {
  std::string text;
  for (const OptionDoc* option : options) {
    if (option->positional)
      text +=
          ".TP\n\\fI" + roff(option->value.empty() ? option->names[0] : option->value) + "\\fR\n";
    else
      text += ".TP\n" + names_of(*option) + "\n";
    text +=
        roff(option->help) + (option->required && !option->positional ? " (required)" : "") + "\n";
  }
  return text;
}

// ".SY tarscli" and "execute rollback --context-id CONTEXT [--all] ...": one synopsis per
// command, continued lines indented past the program's name.
std::string usage_line(const ProgramDoc& program, const CommandDoc& command) {
  std::string words = command.path.empty() ? "" : " [\\fIGLOBAL OPTIONS\\fR]";
  for (const std::string& word : command.path) words += " \\fB" + roff(word) + "\\fR";
  std::string positionals;
  for (const OptionDoc& option : command.options) {
    if (option.names.back() == "--help") continue;
    if (option.positional) {
      positionals += " \\fI" + roff(option.value) + "\\fR";
      continue;
    }
    std::string item = "\\fB" + roff(option.names.back()) + "\\fR";
    if (!option.value.empty()) item += " \\fI" + roff(option.value) + "\\fR";
    words += option.required ? " " + item : " [" + item + "]";
  }
  words += positionals;
  return ".SY " + roff(program.name) + "\n" + words.substr(words.empty() ? 0 : 1) + "\n.YS\n";
}

bool is_leaf(const CommandDoc& command) {
  return command.subcommands.empty();
}

}  // namespace

std::string man_synopsis(const ProgramDoc& program) {
  std::string text;
  for (const CommandDoc& command : program.commands)
    if (is_leaf(command) || command.path.empty()) text += usage_line(program, command);
  return text;
}

std::string man_options(const ProgramDoc& program) {
  std::vector<const OptionDoc*> options;
  for (const OptionDoc& option : program.commands.front().options) options.push_back(&option);
  return option_items(options);
}

std::string man_commands(const ProgramDoc& program) {
  std::string text;
  for (const CommandDoc& command : program.commands) {
    if (command.path.empty() || !is_leaf(command)) continue;
    text += ".SS " + roff(program.name + " " + command.joined_path()) + "\n";
    text += roff(command.help) + ".\n";
    std::vector<const OptionDoc*> own;
    for (const OptionDoc& option : command.options)
      if (option.names.back() != "--help") own.push_back(&option);
    text += option_items(own);
  }
  return text;
}

std::string man_page(const ProgramDoc& program, std::string page, const std::string& version) {
  auto put = [&page](const std::string& key, const std::string& text) {
    for (auto at = page.find(key); at != std::string::npos; at = page.find(key, at + text.size()))
      page.replace(at, key.size(), text);
  };
  // whole lines: a placeholder stands alone on its line, the text brings its newline
  put("@SYNOPSIS@\n", man_synopsis(program));
  put("@OPTIONS@\n", man_options(program));
  put("@COMMANDS@\n", man_commands(program));
  put("@VERSION@", version);
  return page;
}

}  // namespace tars::docgen
