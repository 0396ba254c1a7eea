#pragma once
// What a program's command line is, read from its one definition (tarscli's CLI11
// commands, tars-lsp's option table): the man pages and shell completions are written
// from this model, so they cannot drift from what the programs accept.
#include <string>
#include <vector>

namespace tars::docgen {

struct OptionDoc {
  std::vector<std::string> names;    // {"-h", "--help"}; a positional's own name ("file")
  std::string value;                 // "DIR", "FILE", "{text,json}", ...; "" for a flag
  std::vector<std::string> choices;  // the values of "{a,b}" / "a|b"; empty otherwise
  std::string help;
  bool positional = false;
  bool required = false;

  bool takes_value() const { return positional || !value.empty(); }
  bool wants_file() const { return value == "FILE"; }
  bool wants_directory() const { return value == "DIR"; }
};

struct CommandDoc {
  std::vector<std::string> path;  // {} for the program itself, {"execute", "status"}
  std::string help;
  std::vector<OptionDoc> options;  // its own (a subcommand also accepts its parents')
  std::vector<std::string> subcommands;

  std::string joined_path() const;  // "execute status"
};

struct ProgramDoc {
  std::string name;                  // "tarscli"
  std::string summary;               // one line
  std::vector<CommandDoc> commands;  // the program first, then depth first

  const CommandDoc* find(const std::vector<std::string>& path) const;
  // The options a command accepts: its own, then those of its parents (CLI11 fallthrough).
  std::vector<const OptionDoc*> accepted_options(const CommandDoc& command) const;
  // Every option name that takes a value, in any command (for walking a command line).
  std::vector<std::string> value_option_names() const;
};

ProgramDoc describe_tarscli();
ProgramDoc describe_tars_lsp();
ProgramDoc describe_tars_mcp();

}  // namespace tars::docgen
