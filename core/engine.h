#pragma once
// The one entry point of the front ends (tarscli, tars-lsp) into the core: opening a
// workspace recovers interrupted executions; every other operation is one call here.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/execution/context_report.h"
#include "core/execution/execution.h"
#include "core/execution/review.h"
#include "core/execution/rollback.h"
#include "core/generate/generate.h"
#include "core/importers/importer.h"
#include "core/model/improvement_store.h"
#include "core/store/state_store.h"

namespace tars {

struct ImportSummary {
  std::vector<Improvement> improvements;
  std::vector<std::string> warnings;
};

class Engine {
 public:
  // Opens the store when .tars/state.db exists and, when no execution is running, rolls
  // back executions a crash interrupted. Creates nothing: the first import, generate or
  // execute does, so attaching an editor to a folder (or to /) leaves no trace.
  explicit Engine(const Workspace& workspace);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) = delete;

  const Workspace& workspace() const { return workspace_; }
  // The workspace's store, or an empty read-only one while .tars/state.db does not
  // exist (switching to the file once another process created it).
  StateStore& store();
  // Every improvement's summary (improvement_catalog.h: its changes without edits or
  // content, no diagnostics) with its current status (from the state store) merged in.
  ImprovementListing list_improvements();
  Improvement improvement(const std::string& id);
  const std::vector<std::string>& recovered() const { return recovered_; }
  // Rolls back executions whose process died, unless an execution holds the lock.
  // Returns the ids recovered by this call.
  std::vector<std::string> recover_interrupted();

  // Throws Error(BadInput) for an unknown format or input it cannot read.
  ImportSummary import(const ImportRequest& request, const std::string& format);
  // Runs built-in rules and configured generators (see core/generate.h).
  GenerateSummary generate(const GenerateRequest& request);

  // Takes the workspace lock (Error(Busy) when held) and runs the improvement.
  ExecutionResult execute(const std::string& improvement_id, const ExecuteOptions& options);
  // Several improvements, in this order, in one context (combined_improvements.h).
  // Error(Usage) when an id is given twice.
  ExecutionResult execute(const std::vector<std::string>& improvement_ids,
                          const ExecuteOptions& options);

  ContextRecord context(const std::string& context_id);
  std::vector<ContextRecord> contexts();
  ContextDetail detail(const std::string& context_id);
  std::vector<FileReview> review(const std::string& context_id);

  RollbackReport rollback(const std::string& context_id, const RollbackScope& scope, bool force);
  void approve(const std::string& context_id);
  // Rolls the context (or one file of it) back and marks it rejected.
  RollbackReport reject(const std::string& context_id, const std::optional<std::string>& file);

 private:
  void open_store(bool create);
  StateStore& writable_store();  // creates .tars/ and state.db when missing
  void set_improvement_status(const std::string& id, std::string_view status);
  RollbackReport undo(const std::string& context_id, const RollbackScope& scope, bool force,
                      ContextStatus final_status);

  Workspace workspace_;
  std::unique_ptr<StateStore> store_;
  bool store_on_disk_ = false;
  ImprovementStore improvements_;
  std::vector<std::string> recovered_;
};

}  // namespace tars
