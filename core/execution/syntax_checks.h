#pragma once
// The syntax checks of one execution, one per changed file that has a checker: Python
// files all at once, in one isolated interpreter started when the first of their checks
// runs (each file's step then records its own result); JSON in-process; configured
// checkers on staged copies before the write or on the written files, per file, or all
// of a language's files in one run when the checker takes "{files}".
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/execution/file_work.h"
#include "core/store/records.h"
#include "core/validation/workspace_config.h"

namespace tars {

class SyntaxChecks {
 public:
  // `works` must outlive this; `scratch` gives the context's staging directory, made
  // only when a configured checker needs a file.
  SyntaxChecks(const Workspace& workspace, const WorkspaceConfig& config,
               const std::vector<FileWork>& works, bool before_write,
               std::function<DirHandle()> scratch);

  // The check of works[index]; safe to call from several threads.
  ValidationRecord check(std::size_t index);

 private:
  struct Batch {
    std::once_flag once;
    std::vector<ValidationRecord> records;  // indexed like works_
  };
  std::string batch_of(const FileWork& work) const;
  void run_batch(const std::string& batch);

  const Workspace& workspace_;
  const WorkspaceConfig& config_;
  const std::vector<FileWork>& works_;
  bool before_write_;
  std::function<DirHandle()> scratch_;
  std::map<std::string, Batch> batches_;  // by batch_of()
};

}  // namespace tars
