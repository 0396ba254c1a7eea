#include "core/validation/syntax_check.h"

#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/base/subprocess.h"
#include "core/validation/output_matcher.h"

namespace tars {

std::string language_of(std::string_view path) {
  std::size_t dot = path.find_last_of('.');
  std::size_t slash = path.find_last_of('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string_view ext = path.substr(dot + 1);
  if (ext == "json") return "json";
  if (ext == "py") return "python";
  if (ext == "c" || ext == "h") return "c";
  if (ext == "cc" || ext == "cpp" || ext == "cxx" || ext == "hpp" || ext == "hh" || ext == "hxx")
    return "cpp";
  return "";
}

namespace {

// 1-based line and column of a byte position.
std::pair<int, int> position_of(std::string_view content, std::size_t byte) {
  byte = std::min(byte, content.size());
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < byte; ++i)
    if (content[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, static_cast<int>(byte - line_start) + 1};
}

SyntaxCheckResult check_json(std::string_view path, std::string_view content) {
  SyntaxCheckResult result;
  result.checked = true;
  result.checker = "json";
  try {
    nlohmann::json parsed = nlohmann::json::parse(content);
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    result.ok = false;
    std::string what = e.what();
    auto [line, column] = position_of(content, e.byte > 0 ? e.byte - 1 : 0);
    Diagnostic d;
    d.path = std::string(path);
    d.line = line;
    d.column = column;
    d.message = "invalid JSON: " + what.substr(what.rfind(": ") + 2);
    d.source = "json";
    result.output = std::string(path) + ":" + std::to_string(line) + ":" + std::to_string(column) +
                    ": " + d.message;
    result.diagnostics.push_back(d);
  }
  return result;
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string_view dirs(path);
  while (!dirs.empty()) {
    std::size_t colon = dirs.find(':');
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(0, colon)) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return false;
}

// Runs a checker program on the file; diagnostics about the file name the display path.
SyntaxCheckResult check_with(std::vector<std::string> argv, std::string_view display_path,
                             const std::filesystem::path& file, const std::string& matcher) {
  SyntaxCheckResult result;
  result.checker = argv.front();
  if (!on_path(argv.front()) && argv.front().find('/') == std::string::npos)
    return result;  // tool missing
  argv.push_back(file.string());
  ProcessOptions options;
  options.cwd = file.parent_path();
  options.timeout = std::chrono::seconds(60);
  ProcessResult process = run_process(argv, options);
  if (process.spawn_failed) return result;
  result.checked = true;
  result.ok = process.exit_code == 0 && !process.timed_out;
  result.output = process.output;
  Workspace scratch(file.parent_path());
  for (Diagnostic d : match_output(matcher, process.output, scratch, file.parent_path())) {
    if (d.path == file.filename().string() || d.path == file.string())
      d.path = std::string(display_path);
    result.diagnostics.push_back(d);
  }
  if (!result.ok && result.diagnostics.empty()) {
    Diagnostic d;
    d.path = std::string(display_path);
    d.message = process.timed_out ? "syntax check timed out" : process.output.substr(0, 500);
    d.source = result.checker;
    result.diagnostics.push_back(d);
  }
  return result;
}

const char* kPythonCheck =
    "import ast, sys\n"
    "source = open(sys.argv[1], 'rb').read()\n"
    "try:\n"
    "    ast.parse(source, sys.argv[1])\n"
    "except SyntaxError as e:\n"
    "    print(f'{sys.argv[1]}:{e.lineno or 0}:{e.offset or 0}: error: {e.msg}')\n"
    "    sys.exit(1)\n";

}  // namespace

bool has_syntax_checker(const std::string& language,
                        const std::map<std::string, std::vector<std::string>>& configured) {
  if (configured.count(language)) return true;
  if (language == "json") return true;
  static const bool python3 = on_path("python3");
  return language == "python" && python3;
}

SyntaxCheckResult check_syntax(std::string_view display_path, std::string_view content,
                               const std::filesystem::path& file_on_disk,
                               const std::map<std::string, std::vector<std::string>>& configured) {
  std::string language = language_of(display_path);
  if (language.empty()) return {};
  auto it = configured.find(language);
  if (it != configured.end() && !it->second.empty())
    return check_with(it->second, display_path, file_on_disk,
                      language == "python" ? "python" : "gcc");
  if (language == "json") return check_json(display_path, content);
  if (language == "python")
    return check_with({"python3", "-c", kPythonCheck}, display_path, file_on_disk, "gcc");
  return {};
}

}  // namespace tars
