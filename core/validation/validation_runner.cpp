#include "core/validation/validation_runner.h"

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/subprocess.h"
#include "core/validation/output_matcher.h"
#include "core/validation/python_syntax.h"
#include "core/validation/syntax_check.h"
#include "core/validation/trust.h"

namespace tars {

namespace {

ValidationRecord syntax_record(const std::string& path, const SyntaxCheckResult& result,
                               const std::string& phase) {
  ValidationRecord record;
  record.name = "syntax:" + path;
  record.kind = "syntax";
  record.phase = phase;
  record.status = !result.checked ? ValidationStatus::Skipped
                  : result.ok     ? ValidationStatus::Passed
                                  : ValidationStatus::Failed;
  record.output = result.checked ? result.output : "no checker for this file type";
  record.diagnostics = result.diagnostics;
  return record;
}

}  // namespace

namespace {

// Not a failure of the improvement: the file failed the same check before it.
void excuse(ValidationRecord& record) {
  record.status = ValidationStatus::Passed;
  record.output = "already invalid before the improvement:\n" + record.output;
  for (auto& diagnostic : record.diagnostics) diagnostic.severity = "warning";
}

// A copy of `content` under staging/<side>/<path>, for a checker that reads files.
fs::path stage(const DirHandle& staging, const std::string& side, const std::string& path,
               std::string_view content) {
  std::string parent = parent_of(path);
  std::string name(file_name_of(path));
  DirHandle target = staging.make_dir(side + (parent.empty() ? "" : "/" + parent));
  target.write_atomic(name, content, 0644);
  return target.path() / name;
}

}  // namespace

ValidationRecord check_file_syntax(const Workspace& workspace, const WorkspaceConfig& config,
                                   const std::string& path, std::string_view new_content,
                                   std::string_view original_content,
                                   const std::function<DirHandle()>& scratch, bool staged) {
  bool reads_file = config.syntax_checkers.count(language_of(path)) > 0;
  fs::path file;
  if (reads_file)
    file = staged ? stage(scratch(), "new", path, new_content) : workspace.resolve(path);
  SyntaxCheckResult result = check_syntax(path, new_content, file, config.syntax_checkers);
  ValidationRecord record = syntax_record(path, result, staged ? "before-write" : "after-write");
  if (record.status != ValidationStatus::Failed || original_content.empty()) return record;

  fs::path original_file;
  if (reads_file) original_file = stage(scratch(), "original", path, original_content);
  SyntaxCheckResult before =
      check_syntax(path, original_content, original_file, config.syntax_checkers);
  if (before.checked && !before.ok) excuse(record);
  return record;
}

std::vector<ValidationRecord> check_python_syntax(const std::vector<SyntaxSubject>& files,
                                                  bool before_write) {
  std::vector<PythonSource> sources;
  for (const SyntaxSubject& file : files) sources.push_back({file.path, file.new_content});
  std::vector<SyntaxCheckResult> results = check_python_sources(sources);
  std::vector<ValidationRecord> records;
  std::vector<std::size_t> failed;
  std::vector<PythonSource> originals;
  for (std::size_t i = 0; i < files.size(); ++i) {
    records.push_back(syntax_record(std::string(files[i].path), results[i],
                                    before_write ? "before-write" : "after-write"));
    if (records[i].status != ValidationStatus::Failed || files[i].original_content.empty())
      continue;
    failed.push_back(i);
    originals.push_back({files[i].path, files[i].original_content});
  }
  std::vector<SyntaxCheckResult> before = check_python_sources(originals);
  for (std::size_t k = 0; k < failed.size(); ++k)
    if (before[k].checked && !before[k].ok) excuse(records[failed[k]]);
  return records;
}

namespace {

// Where the files are for the checker, and their paths relative to it: the written
// files in the workspace, or copies staged under staging/<side>/.
std::pair<fs::path, std::vector<std::string>> place(const Workspace& workspace,
                                                    const std::vector<SyntaxSubject>& files,
                                                    const std::function<DirHandle()>& scratch,
                                                    const std::string& side, bool original) {
  std::vector<std::string> paths;
  for (const SyntaxSubject& file : files) paths.emplace_back(file.path);
  if (side.empty()) return {workspace.root(), paths};
  for (const SyntaxSubject& file : files)
    stage(scratch(), side, std::string(file.path),
          original ? file.original_content : file.new_content);
  return {scratch().path() / side, paths};
}

}  // namespace

std::vector<ValidationRecord> check_files_syntax(const Workspace& workspace,
                                                 const std::vector<std::string>& argv,
                                                 const std::string& language,
                                                 const std::vector<SyntaxSubject>& files,
                                                 const std::function<DirHandle()>& scratch,
                                                 bool staged) {
  std::string matcher = language == "python" ? "python" : "gcc";
  auto [cwd, paths] = place(workspace, files, scratch, staged ? "new" : "", false);
  std::vector<SyntaxCheckResult> results = check_many_with(argv, cwd, paths, matcher);
  std::vector<ValidationRecord> records;
  std::vector<SyntaxSubject> failed;
  std::vector<std::size_t> failed_at;
  for (std::size_t i = 0; i < files.size(); ++i) {
    records.push_back(syntax_record(paths[i], results[i], staged ? "before-write" : "after-write"));
    if (records[i].status != ValidationStatus::Failed || files[i].original_content.empty())
      continue;
    failed.push_back(files[i]);
    failed_at.push_back(i);
  }
  if (failed.empty()) return records;
  auto [before_cwd, before_paths] = place(workspace, failed, scratch, "original", true);
  std::vector<SyntaxCheckResult> before = check_many_with(argv, before_cwd, before_paths, matcher);
  // Excused only when the earlier version's errors name it (a run that named no file
  // blames them all, and cannot tell which of several was invalid before).
  for (std::size_t k = 0; k < failed.size(); ++k)
    if (before[k].checked && !before[k].ok &&
        (failed.size() == 1 || before[k].diagnostics.front().line > 0))
      excuse(records[failed_at[k]]);
  return records;
}

ValidationRecord run_validation_command(const Workspace& workspace, const CommandSpec& command,
                                        const std::atomic<bool>* cancel) {
  ProcessOptions options;
  options.cwd = command.cwd == "." ? workspace.root() : workspace.resolve(command.cwd);
  options.timeout = std::chrono::seconds(command.timeout_seconds);
  options.cancel = cancel;
  ProcessResult result = run_process(command.run, options);

  ValidationRecord record;
  record.name = command.name;
  record.kind = "command";
  record.phase = "after-write";
  record.output = result.output;
  record.duration_ms = result.duration_ms;
  if (result.spawn_failed)
    record.status = ValidationStatus::Error;
  else if (result.timed_out)
    record.status = ValidationStatus::Timeout;
  else
    record.status = result.exit_code == 0 ? ValidationStatus::Passed : ValidationStatus::Failed;
  if (record.status != ValidationStatus::Passed)
    record.diagnostics = match_output(command.matcher, result.output, workspace, options.cwd);
  return record;
}

bool is_trusted(const Workspace& workspace, const WorkspaceConfig& config) {
  return config.exists && TrustStore().is_trusted(workspace.root(), config.hash);
}

bool needs_trust(const Workspace& workspace, const WorkspaceConfig& config) {
  return !config.validation_commands.empty() && !is_trusted(workspace, config);
}

void require_trusted(const Workspace& workspace, const WorkspaceConfig& config) {
  if (!needs_trust(workspace, config)) return;
  throw Error(ErrorKind::ValidationFailed,
              "Validation failed: .tars/config.json defines commands but is not trusted; "
              "review it and run `tarscli trust` to allow them");
}

std::string failure_summary(const ValidationRecord& record) {
  std::string summary = record.name + " " + std::string(to_string(record.status));
  if (record.status == ValidationStatus::Timeout) summary += " (killed after its timeout)";
  if (!record.diagnostics.empty()) {
    const Diagnostic& first = record.diagnostics.front();
    summary += ": " + first.path;
    if (first.line > 0) summary += ":" + std::to_string(first.line);
    summary += ": " + first.message;
  } else if (record.status == ValidationStatus::Error) {
    summary += ": " + record.output.substr(0, record.output.find('\n'));
  }
  return summary;
}

}  // namespace tars
