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
      scratch_(std::move(scratch)) {
  for (const FileWork& work : works_)
    if (std::string batch = batch_of(work); !batch.empty()) batches_.try_emplace(batch);
}

// Which batch works[index] belongs to: "python" for the built-in check, the language of
// a configured checker taking {files}, "" for none (checked on its own).
std::string SyntaxChecks::batch_of(const FileWork& work) const {
  if (work.result_path.empty()) return "";
  std::string language = language_of(work.result_path);
  auto configured = config_.syntax_checkers.find(language);
  if (configured == config_.syntax_checkers.end()) return language == "python" ? language : "";
  return takes_many_files(configured->second) ? language : "";
}

void SyntaxChecks::run_batch(const std::string& batch) {
  std::vector<SyntaxSubject> files;
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < works_.size(); ++i) {
    const FileWork& work = works_[i];
    if (batch_of(work) != batch) continue;
    files.push_back({work.result_path, work.new_content, original_of(work)});
    indices.push_back(i);
  }
  auto configured = config_.syntax_checkers.find(batch);
  std::vector<ValidationRecord> records =
      configured == config_.syntax_checkers.end()
          ? check_python_syntax(files, before_write_)
          : check_files_syntax(workspace_, configured->second, batch, files, scratch_,
                               before_write_);
  Batch& done = batches_.at(batch);
  done.records.resize(works_.size());
  for (std::size_t k = 0; k < indices.size(); ++k) done.records[indices[k]] = records[k];
}

ValidationRecord SyntaxChecks::check(std::size_t index) {
  const FileWork& work = works_[index];
  std::string batch = batch_of(work);
  if (!batch.empty()) {
    Batch& pending = batches_.at(batch);
    std::call_once(pending.once, [this, &batch] { run_batch(batch); });
    return pending.records[index];
  }
  return check_file_syntax(workspace_, config_, work.result_path, work.new_content,
                           original_of(work), scratch_, before_write_);
}

}  // namespace tars
