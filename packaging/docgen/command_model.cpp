#include "packaging/docgen/command_model.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <span>

#include "cli/cli_env.h"
#include "cli/commands.h"
#include "mcp/options.h"
#include "server/options.h"

namespace tars::docgen {

namespace {

// "a,b" of "TEXT:{a,b}" or "a|b|c": the values a choice option takes.
std::vector<std::string> choices_of(const std::string& value) {
  std::string list;
  auto open = value.find('{');
  auto close = value.rfind('}');
  if (open != std::string::npos && close != std::string::npos && close > open)
    list = value.substr(open + 1, close - open - 1);
  else if (value.find('|') != std::string::npos)
    list = value;
  std::vector<std::string> choices;
  std::size_t start = 0;
  while (!list.empty() && start <= list.size()) {
    std::size_t end = list.find_first_of(",|", start);
    if (end == std::string::npos) end = list.size();
    choices.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return choices;
}

OptionDoc option_doc(const CLI::Option& option) {
  OptionDoc doc;
  doc.positional = !option.nonpositional();
  if (doc.positional) {
    doc.names = {option.get_name(true)};
  } else {
    for (const std::string& name : option.get_snames()) doc.names.push_back("-" + name);
    for (const std::string& name : option.get_lnames()) doc.names.push_back("--" + name);
  }
  if (option.get_expected_max() != 0 || doc.positional) {
    // CLI11 writes "TEXT:{a,b}" and "MS:INT in [20 - 60000]": a reader needs the choice,
    // or the name, not what CLI11 checks
    doc.value = option.get_type_name();
    auto choice = doc.value.find(":{");
    if (choice != std::string::npos)
      doc.value = doc.value.substr(choice + 1);
    else
      doc.value = doc.value.substr(0, doc.value.find(':'));
    doc.choices = choices_of(doc.value);
  }
  doc.help = option.get_description();
  doc.required = option.get_required();
  return doc;
}

void add_command(const CLI::App& app, std::vector<std::string> path, ProgramDoc& program) {
  CommandDoc command;
  command.path = path;
  command.help = app.get_description();
  for (const CLI::Option* option : app.get_options())
    command.options.push_back(option_doc(*option));
  std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs) command.subcommands.push_back(sub->get_name());
  program.commands.push_back(command);
  for (const CLI::App* sub : subs) {
    path.push_back(sub->get_name());
    add_command(*sub, path, program);
    path.pop_back();
  }
}

}  // namespace

std::string CommandDoc::joined_path() const {
  std::string joined;
  for (const std::string& word : path) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

const CommandDoc* ProgramDoc::find(const std::vector<std::string>& path) const {
  for (const CommandDoc& command : commands)
    if (command.path == path) return &command;
  return nullptr;
}

std::vector<const OptionDoc*> ProgramDoc::accepted_options(const CommandDoc& command) const {
  std::vector<const OptionDoc*> accepted;
  std::vector<std::string> seen;
  std::vector<std::string> path = command.path;
  while (true) {
    const CommandDoc* level = find(path);
    for (const OptionDoc& option : level->options) {
      if (std::find(seen.begin(), seen.end(), option.names.back()) != seen.end()) continue;
      // the program's --version is no option of its subcommands
      if (!path.empty() || command.path.empty() || option.names.back() != "--version") {
        seen.push_back(option.names.back());
        accepted.push_back(&option);
      }
    }
    if (path.empty()) break;
    path.pop_back();
  }
  return accepted;
}

std::vector<std::string> ProgramDoc::value_option_names() const {
  std::vector<std::string> names;
  for (const CommandDoc& command : commands)
    for (const OptionDoc& option : command.options)
      if (!option.positional && option.takes_value())
        for (const std::string& name : option.names)
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

ProgramDoc describe_tarscli() {
  static cli::CliEnv env;  // the callbacks keep references; nothing runs
  static CLI::App app;
  cli::define_commands(app, env);
  ProgramDoc program{"tarscli", app.get_description(), {}};
  add_command(app, {}, program);
  return program;
}

namespace {

// A server's one command: its options from the table its main() parses.
ProgramDoc describe_server(const std::string& name, std::span<const CommandLineOption> options,
                           std::string_view summary) {
  CommandDoc command;
  for (const CommandLineOption& option : options) {
    OptionDoc doc;
    doc.names = {std::string(option.name)};
    doc.value = option.argument;
    doc.choices = choices_of(doc.value);
    doc.help = option.help;
    command.options.push_back(doc);
  }
  command.help = summary;
  return {name, std::string(summary), {command}};
}

}  // namespace

ProgramDoc describe_tars_lsp() {
  return describe_server("tars-lsp", server::kCommandLineOptions, server::kSummary);
}

ProgramDoc describe_tars_mcp() {
  return describe_server("tars-mcp", mcp::kCommandLineOptions, mcp::kSummary);
}

}  // namespace tars::docgen
