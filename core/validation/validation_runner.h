#pragma once
// validation/: runs and judges checks — this runner, syntax checks, output matchers, the
// workspace config and trust.
//
// Runs validations and turns them into ValidationRecords: syntax checks of new file
// contents (staged under .tars/staging/ before a write, or the written file) and the
// configured commands of .tars/config.json.
#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/workspace.h"
#include "core/store/state_store.h"
#include "core/validation/workspace_config.h"

namespace tars {

// Checks new_content of `path`: JSON in-process; a configured checker (trusted config
// only) on the written file or, when `staged` (before the write), on a copy under
// scratch()/new/. A file that already failed before the improvement does not fail (its
// original is checked from scratch()/original/). scratch() is called only when a file
// must be written for a checker.
ValidationRecord check_file_syntax(const Workspace& workspace, const WorkspaceConfig& config,
                                   const std::string& path, std::string_view new_content,
                                   std::string_view original_content,
                                   const std::function<DirHandle()>& scratch, bool staged);

struct SyntaxSubject {
  std::string_view path;
  std::string_view new_content;
  std::string_view original_content;  // "" for a new file
};
// The built-in Python check of many files in one isolated interpreter; the files that
// fail are checked once more, all together, as they were before the improvement.
std::vector<ValidationRecord> check_python_syntax(const std::vector<SyntaxSubject>& files,
                                                  bool before_write);

// A configured checker taking {files}: one run for all `files` (the written files, or
// copies staged under scratch()/new when `staged`), then one for the earlier versions
// of those that failed (staged under scratch()/original).
std::vector<ValidationRecord> check_files_syntax(const Workspace& workspace,
                                                 const std::vector<std::string>& argv,
                                                 const std::string& language,
                                                 const std::vector<SyntaxSubject>& files,
                                                 const std::function<DirHandle()>& scratch,
                                                 bool staged);

// `cancel` (may be null) stops the command; the record's status is then "cancelled".
ValidationRecord run_validation_command(const Workspace& workspace, const CommandSpec& command,
                                        const std::atomic<bool>* cancel = nullptr);

// Whether the user trusted this config (`tarscli trust`) to run its programs.
bool is_trusted(const Workspace& workspace, const WorkspaceConfig& config);
// Whether --validate needs a trust first: the config has commands but is not trusted.
bool needs_trust(const Workspace& workspace, const WorkspaceConfig& config);
// Throws Error(ValidationFailed, ...) when needs_trust().
void require_trusted(const Workspace& workspace, const WorkspaceConfig& config);

// A one-line summary of a failed record: "test: tests/test_calc.py:12: AssertionError".
std::string failure_summary(const ValidationRecord& record);

}  // namespace tars
