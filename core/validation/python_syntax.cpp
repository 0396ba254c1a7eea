#include "core/validation/python_syntax.h"

#include <algorithm>
#include <charconv>

#include "core/base/parallel.h"
#include "core/base/subprocess.h"

namespace tars {

namespace {

// Reads "<name length> <content length>\n<name><content>" per file from stdin and
// prints "<index>\tok" or "<index>\terror\t<line>\t<column>\t<message>" per file.
const char* kChecker = R"(import sys, warnings
warnings.simplefilter('ignore')
data, out, index = sys.stdin.buffer, sys.stdout, 0
while True:
    header = data.readline()
    if not header:
        break
    name_size, size = map(int, header.split())
    name = data.read(name_size).decode('utf-8', 'replace')
    source = data.read(size)
    try:
        compile(source, name, 'exec', dont_inherit=True)
        out.write(f'{index}\tok\n')
    except SyntaxError as e:
        message = ' '.join(str(e.msg).split())
        out.write(f'{index}\terror\t{e.lineno or 0}\t{e.offset or 0}\t{message}\n')
    except Exception as e:
        message = ' '.join(f'{type(e).__name__}: {e}'.split())
        out.write(f'{index}\terror\t0\t0\t{message}\n')
    index += 1
)";

std::string framed(const std::vector<PythonSource>& sources) {
  std::string input;
  for (const PythonSource& source : sources) {
    input +=
        std::to_string(source.path.size()) + " " + std::to_string(source.content.size()) + "\n";
    input += source.path;
    input += source.content;
  }
  return input;
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> parts;
  for (std::size_t tab; parts.size() < 4 && (tab = line.find('\t')) != std::string_view::npos;) {
    parts.push_back(line.substr(0, tab));
    line.remove_prefix(tab + 1);
  }
  parts.push_back(line);
  return parts;
}

// The field's value, or -1 unless it is all digits (stderr lines are not reports).
long number(std::string_view text) {
  long value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

void record_error(SyntaxCheckResult& result, std::string_view path, int line, int column,
                  std::string message) {
  Diagnostic d;
  d.path = std::string(path);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.source = "python3";
  result.ok = false;
  result.output = d.path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                  ": error: " + d.message + "\n";
  result.diagnostics.push_back(std::move(d));
}

// Fills results from the interpreter's report lines.
void read_report(const std::string& report, const std::vector<PythonSource>& sources,
                 std::vector<SyntaxCheckResult>& results) {
  std::size_t start = 0;
  while (start < report.size()) {
    std::size_t end = std::min(report.find('\n', start), report.size());
    std::vector<std::string_view> parts =
        fields(std::string_view(report).substr(start, end - start));
    start = end + 1;
    long index = number(parts[0]);
    if (parts.size() < 2 || index < 0 || static_cast<std::size_t>(index) >= results.size() ||
        results[index].checked)
      continue;
    SyntaxCheckResult& result = results[index];
    result.checked = true;
    if (parts[1] == "error" && parts.size() == 5)
      record_error(result, sources[index].path, static_cast<int>(std::max(0L, number(parts[2]))),
                   static_cast<int>(std::max(0L, number(parts[3]))), std::string(parts[4]));
  }
}

}  // namespace

const std::string& python_interpreter() {
  static const std::string python3 = find_program("python3");
  return python3;
}

std::vector<std::size_t> python_batches(const std::vector<PythonSource>& sources,
                                        unsigned interpreters) {
  std::size_t total = 0;
  for (const PythonSource& source : sources) total += source.content.size();
  std::size_t count = std::clamp<std::size_t>(total / kPythonBatchBytes, 1, interpreters);
  std::vector<std::size_t> starts;
  std::size_t done = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    // A batch begins with the source whose middle reaches its share of the bytes.
    std::size_t size = sources[i].content.size();
    if (starts.empty() ||
        (starts.size() < count && 2 * starts.size() * total <= (2 * done + size) * count))
      starts.push_back(i);
    done += size;
  }
  return starts;
}

namespace {

// One interpreter checks sources[begin, end) into results[begin, end).
void check_batch(const std::vector<PythonSource>& all, std::size_t begin, std::size_t end,
                 std::vector<SyntaxCheckResult>& all_results) {
  std::vector<PythonSource> sources(all.begin() + begin, all.begin() + end);
  std::vector<SyntaxCheckResult> results(sources.size());
  std::string input = framed(sources);
  ProcessOptions options;
  options.cwd = "/";
  options.environment = std::vector<std::string>{"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"};
  options.input = input;
  options.timeout = std::chrono::seconds(60 + sources.size() / 10);
  options.output_cap = 65536 + 1024 * sources.size();
  ProcessResult process = run_process({python_interpreter(), "-I", "-S", "-c", kChecker}, options);
  if (process.spawn_failed) return;  // unchecked, as without python3
  read_report(process.output, sources, results);
  // A file the interpreter stopped at (killed, crashed, timed out) is not taken as valid.
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].checked) continue;
    results[i].checked = true;
    record_error(results[i], sources[i].path, 0, 0,
                 process.timed_out ? "syntax check timed out"
                                   : "python3 stopped before checking it (exit " +
                                         std::to_string(process.exit_code) + ")");
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i].checker = "python3";
    all_results[begin + i] = std::move(results[i]);
  }
}

}  // namespace

std::vector<SyntaxCheckResult> check_python_sources(const std::vector<PythonSource>& sources) {
  std::vector<SyntaxCheckResult> results(sources.size());
  for (SyntaxCheckResult& result : results) result.checker = "python3";
  if (sources.empty() || python_interpreter().empty()) return results;
  std::vector<std::size_t> starts = python_batches(sources, default_thread_count());
  parallel_for(starts.size(), static_cast<unsigned>(starts.size()), [&](std::size_t b) {
    std::size_t end = b + 1 < starts.size() ? starts[b + 1] : sources.size();
    check_batch(sources, starts[b], end, results);
  });
  return results;
}

}  // namespace tars
