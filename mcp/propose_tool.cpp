// propose_change: a patch, edits or whole files become a pending improvement through the
// patch importer (bases stored, so a later execution detects or rebases staleness), with
// the agent's title and description; nothing in the workspace is touched.
#include "core/model/improvement_store.h"
#include "mcp/change_preview.h"
#include "mcp/proposal_patch.h"
#include "mcp/tool_arguments.h"
#include "mcp/tools.h"

namespace tars::mcp {

namespace {

// The patch to import and the name its errors give the input.
std::pair<std::string, std::string> patch_of(const Workspace& workspace,
                                             const ProposeArguments& args) {
  if (args.patch) return {*args.patch, "patch"};
  if (!args.edits.empty()) return {patch_from_edits(workspace, args.edits), "edits"};
  return {patch_from_files(workspace, args.files), "files"};
}

std::string summary(const Improvement& improvement) {
  std::string files;
  for (const FileChange& change : improvement.changes)
    files += (files.empty() ? "" : ", ") + change.path;
  return "Proposed " + improvement.id + " \"" + improvement.title + "\" (" + files +
         "). No file is written yet: call execute with ids [\"" + improvement.id +
         "\"] to apply and validate it; a person then reviews and approves it.";
}

}  // namespace

ToolResult propose_change_tool(Engine& engine, const json& arguments, CallContext& context) {
  auto args = protocol::parse<ProposeArguments>(arguments, "arguments");
  auto [patch, origin] = patch_of(engine.workspace(), args);
  ImportSummary imported = engine.import({patch, origin, ""}, "patch");
  Improvement improvement = std::move(imported.improvements.front());
  improvement.title = args.title;
  improvement.description =
      args.description.empty() ? "Proposed by an AI agent through tars-mcp" : args.description;
  improvement.source = improvement.category = "agent";
  ImprovementStore(engine.workspace()).save(improvement);
  for (const std::string& warning : imported.warnings) context.log("warning", warning);

  json files = json::array();
  for (const FileChange& change : improvement.changes) files.push_back(change.path);
  json out = {{"improvementId", improvement.id},
              {"title", improvement.title},
              {"files", files},
              {"diff", preview_diff(engine.workspace(), engine.store(), improvement)},
              {"warnings", imported.warnings}};
  return tool_success(std::move(out), summary(improvement));
}

}  // namespace tars::mcp
