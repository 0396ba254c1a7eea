#include "core/execution/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/validation/syntax_check.h"

namespace tars {

namespace {

[[noreturn]] void invalid(const std::string& reason) {
  throw Error(ErrorKind::PlanInvalid, "Execution plan validation failed: " + reason);
}

std::string rollback_of(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::Edit:
      return "restore the original bytes from the journal";
    case ChangeKind::Create:
      return "remove the created file";
    case ChangeKind::Delete:
      return "recreate the file from the journal";
    case ChangeKind::Rename:
      return "move the file back and restore its bytes";
  }
  return "";
}

// The path whose content exists after the change (and gets a syntax check).
const std::string& result_path(const FileChange& change) {
  return change.kind == ChangeKind::Rename ? change.new_path : change.path;
}

void add_file_steps(const Improvement& improvement, bool dry_run, ExecutionPlan& plan,
                    std::vector<std::string>& write_ids) {
  for (std::size_t i = 0; i < improvement.changes.size(); ++i) {
    const FileChange& change = improvement.changes[i];
    std::string backup_id = "backup:" + change.path;
    plan.steps.push_back(
        {backup_id, StepKind::Backup, change.path, "nothing to undo (reads only)", {}, i});
    std::string write_id = std::string(operation_name(change.kind)) + ":" + change.path;
    std::vector<std::string> deps = {dry_run ? backup_id : "journal"};
    plan.steps.push_back(
        {write_id, StepKind::Write, change.path, rollback_of(change.kind), deps, i});
    write_ids.push_back(write_id);
  }
}

}  // namespace

std::string_view step_kind_name(const PlanStep& step, const Improvement& improvement) {
  switch (step.kind) {
    case StepKind::Backup:
      return "backup";
    case StepKind::Journal:
      return "journal";
    case StepKind::Write:
      return operation_name(improvement.changes[step.change].kind);
    case StepKind::Sync:
      return "sync";
    case StepKind::CheckSyntax:
      return "validate-syntax";
    case StepKind::RunCommand:
      return "run-command";
  }
  return "unknown";
}

ExecutionPlan build_plan(const Improvement& improvement, const PlanOptions& options) {
  ExecutionPlan plan;
  std::vector<std::string> write_ids;
  add_file_steps(improvement, options.dry_run, plan, write_ids);

  // With --validate (and in dry runs) syntax is checked on staged copies before any
  // write; otherwise on the written files. Either way each check needs its backup
  // step, which computes the new content.
  const bool check_before_write = options.validate || options.dry_run;
  std::vector<std::string> check_ids;
  for (std::size_t i = 0; i < improvement.changes.size(); ++i) {
    const FileChange& change = improvement.changes[i];
    bool special = change.mode == kSymlinkMode || change.mode == kDirectoryMode;
    if (change.kind == ChangeKind::Delete || special ||
        !options.checked_languages.count(language_of(result_path(change))))
      continue;
    std::string id = "validate-syntax:" + result_path(change);
    std::string dep = check_before_write ? "backup:" + change.path : "sync";
    plan.steps.push_back(
        {id, StepKind::CheckSyntax, result_path(change), "nothing to undo", {dep}, i});
    check_ids.push_back(id);
  }

  if (!options.dry_run) {
    std::vector<std::string> journal_deps;
    for (const PlanStep& step : plan.steps)
      if (step.kind == StepKind::Backup) journal_deps.push_back(step.id);
    if (check_before_write)
      journal_deps.insert(journal_deps.end(), check_ids.begin(), check_ids.end());
    plan.steps.push_back({"journal", StepKind::Journal, "",
                          "nothing to undo (records intent and original bytes)", journal_deps});
    plan.steps.push_back({"sync", StepKind::Sync, "", "nothing to undo", write_ids});
    std::vector<std::string> previous =
        check_before_write ? std::vector<std::string>{"sync"} : check_ids;
    if (previous.empty()) previous.push_back("sync");
    for (const std::string& name : options.command_names) {
      std::string id = "run-command:" + name;
      plan.steps.push_back({id, StepKind::RunCommand, name, "roll back the execution", previous});
      previous = {id};
    }
  }
  return plan;
}

namespace {

void check_steps_and_dependencies(const ExecutionPlan& plan) {
  std::set<std::string> ids;
  for (const PlanStep& step : plan.steps)
    if (!ids.insert(step.id).second) invalid("duplicate step '" + step.id + "'");
  for (const PlanStep& step : plan.steps)
    for (const std::string& dep : step.depends_on)
      if (!ids.count(dep)) invalid("step '" + step.id + "' depends on missing step '" + dep + "'");
}

void check_acyclic(const ExecutionPlan& plan) {
  auto deps = dependency_indices(plan);
  std::vector<int> indegree(plan.steps.size(), 0);
  std::vector<std::vector<std::size_t>> dependents(plan.steps.size());
  for (std::size_t i = 0; i < deps.size(); ++i)
    for (std::size_t d : deps[i]) {
      ++indegree[i];
      dependents[d].push_back(i);
    }
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < indegree.size(); ++i)
    if (indegree[i] == 0) ready.push_back(i);
  std::size_t visited = 0;
  while (!ready.empty()) {
    std::size_t next = ready.back();
    ready.pop_back();
    ++visited;
    for (std::size_t d : dependents[next])
      if (--indegree[d] == 0) ready.push_back(d);
  }
  if (visited == plan.steps.size()) return;
  for (std::size_t i = 0; i < indegree.size(); ++i)
    if (indegree[i] > 0)
      invalid("cycle in the execution plan through step '" + plan.steps[i].id + "'");
}

void check_edits(const FileChange& change) {
  const auto& edits = change.edits;
  for (std::size_t i = 1; i < edits.size(); ++i) {
    const TextEdit& previous = edits[i - 1];
    const TextEdit& edit = edits[i];
    if (edit.offset < previous.offset + previous.old_text.size())
      invalid("overlapping edits in " + change.path + " at byte " + std::to_string(edit.offset));
  }
}

void check_paths(const Improvement& improvement, const Workspace& workspace) {
  std::map<std::string, std::string> touched;  // resolved path -> first change naming it
  auto claim = [&](const std::string& path) {
    std::string resolved = workspace.resolve(path).string();
    auto [it, fresh] = touched.emplace(resolved, path);
    if (!fresh) invalid("two changes touch the same file '" + path + "'");
  };
  for (const FileChange& change : improvement.changes) {
    claim(change.path);
    if (change.kind == ChangeKind::Rename) {
      if (change.new_path.empty()) invalid("rename of " + change.path + " has no new path");
      claim(change.new_path);
    }
    check_edits(change);
  }
}

}  // namespace

void validate_plan(const ExecutionPlan& plan, const Improvement& improvement,
                   const Workspace& workspace) {
  if (improvement.changes.empty()) invalid("the improvement has no changes");
  check_steps_and_dependencies(plan);
  check_acyclic(plan);
  check_paths(improvement, workspace);
}

std::vector<std::vector<std::size_t>> dependency_indices(const ExecutionPlan& plan) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) index[plan.steps[i].id] = i;
  std::vector<std::vector<std::size_t>> deps(plan.steps.size());
  for (std::size_t i = 0; i < plan.steps.size(); ++i)
    for (const std::string& dep : plan.steps[i].depends_on) {
      auto it = index.find(dep);
      if (it != index.end()) deps[i].push_back(it->second);
    }
  return deps;
}

}  // namespace tars
