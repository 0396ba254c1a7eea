#pragma once
// The built-in Python syntax check, isolated from the workspace: one interpreter for all
// the files of a check (or one per core for many megabytes) (python3 -I -S: no script directory,
// current directory, user site or PYTHON* variable on its path; started from / with a minimal
// environment), the sources on its standard input, each compiled with compile(), which parses and
// never runs the code, and reported on its own. Nothing of the workspace is imported or run.
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
// Many sources are split between interpreters, one per core (python_batches).
std::vector<SyntaxCheckResult> check_python_sources(const std::vector<PythonSource>& sources);

// CPython parses about 8 MB of source a second, and an interpreter starts in ~15 ms:
// sources are split into batches of at least this many bytes, at most `interpreters`.
inline constexpr std::size_t kPythonBatchBytes = std::size_t{1} << 20;
// The index of each batch's first source; batches hold about equal bytes, in order.
std::vector<std::size_t> python_batches(const std::vector<PythonSource>& sources,
                                        unsigned interpreters);

}  // namespace tars
