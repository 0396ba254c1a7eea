#pragma once
// The syntax checks of one execution, one per changed file that has a checker: Python
// files all at once, in one isolated interpreter started when the first of their checks
// runs (each file's step then records its own result); JSON in-process; configured
// checkers per file, on staged copies before the write or on the written files.
#include <functional>
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
  bool in_python_batch(const FileWork& work) const;
  void run_python_batch();

  const Workspace& workspace_;
  const WorkspaceConfig& config_;
  const std::vector<FileWork>& works_;
  bool before_write_;
  std::function<DirHandle()> scratch_;
  std::once_flag python_once_;
  std::vector<ValidationRecord> python_records_;  // indexed like works_
};

}  // namespace tars
