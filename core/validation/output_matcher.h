#pragma once
// Turns tool output into diagnostics. Matchers: "gcc" (also clang), "msvc", "python"
// (tracebacks and SyntaxError), "generic" (file:line[:col]: message), "none".
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/diagnostic.h"

namespace tars {

bool is_known_matcher(std::string_view name);
// Paths in the output are resolved against `cwd` and made workspace-relative when
// they are inside the workspace.
std::vector<Diagnostic> match_output(std::string_view matcher, std::string_view output,
                                     const Workspace& workspace, const std::filesystem::path& cwd);

}  // namespace tars
