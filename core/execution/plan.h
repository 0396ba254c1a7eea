#pragma once
// Execution plans: a DAG of typed steps built from an improvement, validated before it
// runs. Per file: backup -> (journal) -> modify|create|delete|rename -> (sync), then
// syntax checks per file and configured commands in order.
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/improvement.h"

namespace tars {

// A Write step applies one change; it is named after what it does to the file
// (operation_name: modify, create, delete, rename).
enum class StepKind { Backup, Journal, Write, Sync, CheckSyntax, RunCommand };

struct PlanStep {
  std::string id;  // unique, e.g. "modify:src/a.cpp"
  StepKind kind = StepKind::Backup;
  std::string path;      // file steps: the file; run-command: the command name
  std::string rollback;  // how this step is undone, shown in plans and status
  std::vector<std::string> depends_on;
  std::size_t change = 0;  // index into Improvement::changes (file steps)
};

// "backup", "journal", "modify", ..., "validate-syntax", "run-command".
std::string_view step_kind_name(const PlanStep& step, const Improvement& improvement);

struct ExecutionPlan {
  std::vector<PlanStep> steps;
};

struct PlanOptions {
  bool dry_run = false;
  bool validate = false;                    // syntax checks before the write
  std::vector<std::string> command_names;   // configured commands to run after it
  std::set<std::string> checked_languages;  // file types with a syntax checker
};

ExecutionPlan build_plan(const Improvement& improvement, const PlanOptions& options);

// Throws Error(PlanInvalid, "Execution plan validation failed: <reason>") for cycles,
// missing or duplicate steps, overlapping edits, two changes of one file, and paths
// outside the workspace.
void validate_plan(const ExecutionPlan& plan, const Improvement& improvement,
                   const Workspace& workspace);

// For each step, the indices of the steps it depends on (the plan must be valid).
std::vector<std::vector<std::size_t>> dependency_indices(const ExecutionPlan& plan);

}  // namespace tars
