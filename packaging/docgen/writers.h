#pragma once
// Man pages and shell completions written from a ProgramDoc.
#include <string>

#include "packaging/docgen/command_model.h"

namespace tars::docgen {

// PAGE is the hand-written template; its @SYNOPSIS@, @OPTIONS@, @COMMANDS@ and @VERSION@
// are replaced by what the model says.
std::string man_page(const ProgramDoc& program, std::string page, const std::string& version);
std::string man_synopsis(const ProgramDoc& program);
std::string man_options(const ProgramDoc& program);
std::string man_commands(const ProgramDoc& program);

std::string bash_completion(const ProgramDoc& program);
std::string zsh_completion(const ProgramDoc& program);
std::string fish_completion(const ProgramDoc& program);

}  // namespace tars::docgen
