#include "core/validation/syntax_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/base/subprocess.h"
#include "core/validation/output_matcher.h"
#include "core/validation/python_syntax.h"

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
  } catch (const nlohmann::json::out_of_range&) {
    // A number too large for a double (1e999) is valid JSON: RFC 8259 lets readers limit
    // the range, not writers. This checks syntax, so that is no reason to fail the file.
  }
  return result;
}

// Runs a checker program on the file; diagnostics about the file name the display path.
SyntaxCheckResult check_with(std::vector<std::string> argv, std::string_view display_path,
                             const std::filesystem::path& file, const std::string& matcher) {
  SyntaxCheckResult result;
  result.checker = argv.front();
  if (argv.front().find('/') == std::string::npos && find_program(argv.front()).empty())
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

}  // namespace

bool has_syntax_checker(const std::string& language,
                        const std::map<std::string, std::vector<std::string>>& configured) {
  if (configured.count(language)) return true;
  if (language == "json") return true;
  return language == "python" && !python_interpreter().empty();
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
  if (language == "python") return check_python_sources({{display_path, content}}).front();
  return {};
}

bool takes_many_files(const std::vector<std::string>& argv) {
  return std::find(argv.begin(), argv.end(), kFilesPlaceholder) != argv.end();
}

std::vector<SyntaxCheckResult> check_many_with(std::vector<std::string> argv,
                                               const std::filesystem::path& cwd,
                                               const std::vector<std::string>& files,
                                               const std::string& matcher) {
  std::vector<SyntaxCheckResult> results(files.size());
  if (files.empty()) return results;
  std::string checker = argv.front();
  for (SyntaxCheckResult& result : results) result.checker = checker;
  if (checker.find('/') == std::string::npos && find_program(checker).empty()) return results;
  auto at = std::find(argv.begin(), argv.end(), kFilesPlaceholder);
  at = argv.erase(at);
  argv.insert(at, files.begin(), files.end());
  ProcessOptions options;
  options.cwd = cwd;
  options.timeout = std::chrono::seconds(60);
  ProcessResult process = run_process(argv, options);
  if (process.spawn_failed) return results;
  bool failed = process.exit_code != 0 || process.timed_out;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < files.size(); ++i) index[files[i]] = i;
  std::vector<bool> has_error(files.size(), false);
  bool any_named = false;
  Workspace scratch(cwd);
  for (const Diagnostic& d : match_output(matcher, process.output, scratch, cwd))
    if (auto it = index.find(d.path); it != index.end()) {
      results[it->second].diagnostics.push_back(d);
      if (d.severity == "error") has_error[it->second] = any_named = true;
    }
  // A failed run fails the files its errors name, or all of them when it names none.
  for (std::size_t i = 0; i < files.size(); ++i) {
    results[i].checked = true;
    results[i].output = process.output;
    results[i].ok = !failed || (any_named && !has_error[i]);
  }
  for (std::size_t i = 0; i < files.size(); ++i)
    if (!results[i].ok && results[i].diagnostics.empty()) {
      Diagnostic d;
      d.path = files[i];
      d.message = process.timed_out ? "syntax check timed out" : process.output.substr(0, 500);
      d.source = checker;
      results[i].diagnostics.push_back(d);
    }
  return results;
}

}  // namespace tars
