#pragma once
// The built-in Python syntax check, isolated from the workspace: ONE interpreter for all
// the files of a check (python3 -I -S: no script directory, current directory, user site
// or PYTHON* variable on its path; started from / with a minimal environment), the
// sources on its standard input, each compiled with compile(), which parses and never
// runs the code, and reported on its own. Nothing of the workspace is imported or run.
#include <string>
#include <string_view>
#include <vector>

#include "core/validation/syntax_check.h"

namespace tars {

struct PythonSource {
  std::string_view path;  // shown in diagnostics
  std::string_view content;
};

// python3 from PATH's absolute directories; "" when there is none.
const std::string& python_interpreter();

// One result per source, in order; unchecked (checked = false) when there is no python3.
std::vector<SyntaxCheckResult> check_python_sources(const std::vector<PythonSource>& sources);

}  // namespace tars
