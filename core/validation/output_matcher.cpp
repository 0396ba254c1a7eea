#include "core/validation/output_matcher.h"

#include <regex>
#include <string>

namespace tars {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // libstdc++'s std::regex recurses per character: very long lines could exhaust the stack.
    if (line.size() <= 4096) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// Paths in tool output are relative to where the tool ran; ours are workspace-relative.
std::string normalise_path(const std::string& reported, const Workspace& workspace,
                           const std::filesystem::path& cwd) {
  std::filesystem::path path(reported);
  std::filesystem::path absolute = (path.is_absolute() ? path : cwd / path).lexically_normal();
  std::filesystem::path relative = absolute.lexically_relative(workspace.root());
  if (relative.empty() || *relative.begin() == "..") return reported;
  return relative.generic_string();
}

int to_int(const std::string& text) {
  try {
    return text.empty() ? 0 : std::stoi(text);
  } catch (...) {
    return 0;
  }
}

std::string severity_of(std::string word) {
  if (word == "fatal error" || word == "error") return "error";
  if (word == "warning") return "warning";
  if (word == "note" || word == "info") return "info";
  return "error";
}

struct Context {
  const Workspace& workspace;
  const std::filesystem::path& cwd;
  std::string source;
};

Diagnostic make(const Context& context, const std::string& path, int line, int column,
                const std::string& severity, const std::string& code, const std::string& message) {
  Diagnostic d;
  d.path = normalise_path(path, context.workspace, context.cwd);
  d.line = line;
  d.column = column;
  d.severity = severity;
  d.code = code;
  d.message = message;
  d.source = context.source;
  return d;
}

// file:line[:col]: error|warning|note|fatal error: message [-Wflag]
std::vector<Diagnostic> gcc(std::string_view output, const Context& context) {
  static const std::regex pattern(
      R"(^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$)");
  static const std::regex flag(R"( \[(-W[^\]]+)\]$)");
  std::vector<Diagnostic> diagnostics;
  for (std::string_view view : lines_of(output)) {
    std::string line(view);
    std::smatch m;
    if (!std::regex_match(line, m, pattern)) continue;
    std::string message = m[5], code;
    std::smatch f;
    if (std::regex_search(message, f, flag)) {
      code = f[1];
      message = message.substr(0, static_cast<std::size_t>(f.position(0)));
    }
    diagnostics.push_back(
        make(context, m[1], to_int(m[2]), to_int(m[3]), severity_of(m[4]), code, message));
  }
  return diagnostics;
}

// file(line[,col]): error|warning CODE: message
std::vector<Diagnostic> msvc(std::string_view output, const Context& context) {
  static const std::regex pattern(
      R"(^\s*(.+?)\((\d+)(?:,(\d+))?\)\s*:\s*(fatal error|error|warning|note)\s+([A-Za-z]+\d+)\s*:\s*(.*)$)");
  std::vector<Diagnostic> diagnostics;
  for (std::string_view view : lines_of(output)) {
    std::string line(view);
    std::smatch m;
    if (std::regex_match(line, m, pattern))
      diagnostics.push_back(
          make(context, m[1], to_int(m[2]), to_int(m[3]), severity_of(m[4]), m[5], m[6]));
  }
  return diagnostics;
}

// Tracebacks: the last frame inside the workspace, with the final exception line.
std::vector<Diagnostic> python(std::string_view output, const Context& context) {
  static const std::regex frame(R"re(^\s*File "(.+)", line (\d+)(?:, in .*)?$)re");
  static const std::regex exception(
      R"(^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)|AssertionError)(?::\s*(.*))?$)");
  std::vector<Diagnostic> diagnostics;
  std::string path;
  int line_number = 0;
  bool in_traceback = false;
  for (std::string_view view : lines_of(output)) {
    std::string line(view);
    std::smatch m;
    if (std::regex_match(line, m, frame)) {
      std::string candidate = normalise_path(m[1], context.workspace, context.cwd);
      bool inside =
          candidate != std::string(m[1]) || !std::filesystem::path(candidate).is_absolute();
      if (inside || path.empty()) {
        path = m[1];
        line_number = to_int(m[2]);
      }
      in_traceback = true;
    } else if (in_traceback && std::regex_match(line, m, exception)) {
      std::string message = line;
      diagnostics.push_back(make(context, path, line_number, 0, "error", m[1], message));
      in_traceback = false;
      path.clear();
    }
  }
  return diagnostics;
}

// path:line[:col]: message — where path looks like a file.
std::vector<Diagnostic> generic(std::string_view output, const Context& context) {
  static const std::regex pattern(R"(^([^\s:]*[./][^\s:]*):(\d+):(?:(\d+):)?\s*(.*)$)");
  static const std::regex level(R"(^(error|warning|note|info)\b:?\s*(.*)$)", std::regex::icase);
  std::vector<Diagnostic> diagnostics;
  for (std::string_view view : lines_of(output)) {
    std::string line(view);
    std::smatch m;
    if (!std::regex_match(line, m, pattern)) continue;
    std::string message = m[4], severity = "error";
    std::smatch l;
    if (std::regex_match(message, l, level)) {
      std::string word = l[1];
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      severity = severity_of(word);
      message = l[2];
    }
    diagnostics.push_back(make(context, m[1], to_int(m[2]), to_int(m[3]), severity, "", message));
  }
  return diagnostics;
}

}  // namespace

bool is_known_matcher(std::string_view name) {
  return name == "gcc" || name == "msvc" || name == "python" || name == "generic" || name == "none";
}

std::vector<Diagnostic> match_output(std::string_view matcher, std::string_view output,
                                     const Workspace& workspace, const std::filesystem::path& cwd) {
  Context context{workspace, cwd, std::string(matcher)};
  if (matcher == "gcc") return gcc(output, context);
  if (matcher == "msvc") return msvc(output, context);
  if (matcher == "python") return python(output, context);
  if (matcher == "generic") return generic(output, context);
  return {};
}

}  // namespace tars
