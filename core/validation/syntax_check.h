#pragma once
// Built-in syntax checks by file type: JSON in-process; Python in an isolated python3
// (python_syntax.h: compiles, never runs the code; many files at once there); any
// language with a checker configured in .tars/config.json (e.g. "cpp": ["g++",
// "-fsyntax-only"]), which runs only once that config is trusted.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/diagnostic.h"

namespace tars {

// "json", "python", "c", "cpp", ... or "" when the type has no checker.
std::string language_of(std::string_view path);

// Whether check_syntax can check this language: JSON always, Python when python3 is
// on PATH, any language with a configured checker.
bool has_syntax_checker(const std::string& language,
                        const std::map<std::string, std::vector<std::string>>& configured);

struct SyntaxCheckResult {
  bool checked = false;  // false: no checker for this type (or its tool is missing)
  bool ok = true;
  std::string checker;  // "json", "python3", "g++ -fsyntax-only", ...
  std::string output;
  std::vector<Diagnostic> diagnostics;  // paths are `display_path`
};

// `file_on_disk` holds `content` (a staged copy or the real file) for external checkers.
SyntaxCheckResult check_syntax(std::string_view display_path, std::string_view content,
                               const std::filesystem::path& file_on_disk,
                               const std::map<std::string, std::vector<std::string>>& configured);

// A configured checker whose argv holds "{files}" checks many files in one run: the
// placeholder becomes the files' paths, relative to `cwd`, where it runs.
inline constexpr const char* kFilesPlaceholder = "{files}";
bool takes_many_files(const std::vector<std::string>& argv);

// One result per file. A failed run (exit status not 0, or timed out) fails the files
// its errors name (matched with `matcher`), or all of them when it names none.
std::vector<SyntaxCheckResult> check_many_with(std::vector<std::string> argv,
                                               const std::filesystem::path& cwd,
                                               const std::vector<std::string>& files,
                                               const std::string& matcher);

}  // namespace tars
