#pragma once
// validation/: runs and judges checks — this runner, syntax checks, output matchers, the
// workspace config and trust.
//
// Runs validations and turns them into ValidationRecords: syntax checks of new file
// contents (staged under .tars/staging/ before a write, or the written file) and the
// configured commands of .tars/config.json.
#include <atomic>
#include <string>
#include <string_view>

#include "core/base/workspace.h"
#include "core/store/state_store.h"
#include "core/validation/workspace_config.h"

namespace tars {

// Checks `path` in place (after the write) or, when `staged`, a copy of new_content
// under scratch_dir/new/ (before the write). Scratch files are per context.
ValidationRecord check_file_syntax(const Workspace& workspace, const WorkspaceConfig& config,
                                   const std::string& path, std::string_view new_content,
                                   std::string_view original_content, const fs::path& scratch_dir,
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
