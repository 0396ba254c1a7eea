#include "core/execution/syntax_checks.h"

#include "core/validation/syntax_check.h"
#include "core/validation/validation_runner.h"

namespace tars {

namespace {

std::string_view original_of(const FileWork& work) {
  return work.original ? std::string_view(*work.original) : std::string_view();
}

}  // namespace

SyntaxChecks::SyntaxChecks(const Workspace& workspace, const WorkspaceConfig& config,
                           const std::vector<FileWork>& works, bool before_write,
                           std::function<DirHandle()> scratch)
    : workspace_(workspace),
      config_(config),
      works_(works),
      before_write_(before_write),
      scratch_(std::move(scratch)) {}

bool SyntaxChecks::in_python_batch(const FileWork& work) const {
  return !work.result_path.empty() && language_of(work.result_path) == "python" &&
         !config_.syntax_checkers.count("python");
}

void SyntaxChecks::run_python_batch() {
  std::vector<SyntaxSubject> files;
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < works_.size(); ++i) {
    const FileWork& work = works_[i];
    if (!in_python_batch(work)) continue;
    files.push_back({work.result_path, work.new_content, original_of(work)});
    indices.push_back(i);
  }
  std::vector<ValidationRecord> records = check_python_syntax(files, before_write_);
  python_records_.resize(works_.size());
  for (std::size_t k = 0; k < indices.size(); ++k) python_records_[indices[k]] = records[k];
}

ValidationRecord SyntaxChecks::check(std::size_t index) {
  const FileWork& work = works_[index];
  if (in_python_batch(work)) {
    std::call_once(python_once_, [this] { run_python_batch(); });
    return python_records_[index];
  }
  return check_file_syntax(workspace_, config_, work.result_path, work.new_content,
                           original_of(work), scratch_, before_write_);
}

}  // namespace tars
