#pragma once
// .tars/config.json: validation commands, syntax checkers and generators. All keys optional.
#include <map>
#include <string>
#include <vector>

#include "core/base/workspace.h"

namespace tars {

struct CommandSpec {
  std::string name;
  std::vector<std::string> run;  // argv
  std::string cwd = ".";         // workspace-relative
  int timeout_seconds = 60;
  std::string matcher = "generic";
};

// A configured analyzer whose output an importer turns into improvements ("generators").
struct GeneratorSpec {
  CommandSpec command;            // name, run, cwd, timeoutSeconds (default 300)
  std::string produces;           // an importer format: patch, clang-tidy, sarif, lsp
  std::string output = "stdout";  // "stdout" or a workspace-relative file it writes
};

struct WorkspaceConfig {
  std::vector<CommandSpec> validation_commands;  // "validation.commands"
  // "validation.syntax": language ("c", "cpp", "python", ...) -> argv prefix; the file
  // to check is appended. Languages without an entry use built-in checkers.
  std::map<std::string, std::vector<std::string>> syntax_checkers;
  std::vector<GeneratorSpec> generators;  // "generators"
  std::string hash;                       // content_hash of the file ("" when there is no config)
  bool exists = false;
};

// Throws Error(BadInput, ".tars/config.json: <what and where>") when malformed.
WorkspaceConfig load_workspace_config(const Workspace& workspace);

// Every program trusting this config lets run, one line each ("test: python3 -m unittest",
// "syntax check (cpp): g++ -fsyntax-only", "generator clang-tidy: ..."): what a person
// is shown before trusting it.
std::vector<std::string> trusted_programs(const WorkspaceConfig& config);

}  // namespace tars
