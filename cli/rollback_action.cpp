#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/base/quote.h"
#include "core/execution/context_report.h"

namespace tars::cli {

std::string render_rollback(const CliEnv& env, const std::string& context_id,
                            const RollbackReport& report) {
  std::string text;
  for (const std::string& path : report.restored) text += "  restored " + quote_path(path) + "\n";
  for (const std::string& path : report.already_original)
    text += "  unchanged " + quote_path(path) + " (already original)\n";
  for (const std::string& backup : report.saved_backups)
    text += "  kept your version as " + quote_path(backup) + "\n";
  text += "Context " + env.terminal.paint(Style::Bold, context_id) + " is now " +
          std::string(to_string(report.status)) + " (" + std::to_string(report.restored.size()) +
          " file(s) restored, " + std::to_string(report.conflicts.size()) + " not restored).\n";
  return text;
}

int execute_rollback(CliEnv& env, const RollbackArgs& args) {
  Engine engine = env.open_engine();
  RollbackScope scope;
  if (!args.transaction_id.empty()) scope = {RollbackScopeKind::Transaction, args.transaction_id};
  if (!args.file_path.empty()) scope = {RollbackScopeKind::File, args.file_path};
  RollbackReport report = engine.rollback(args.context_id, scope, args.force);
  if (env.json())
    env.out(json_text(context_detail_json(engine.detail(args.context_id), false)));
  else
    env.out(render_rollback(env, args.context_id, report));
  for (const std::string& conflict : report.conflicts) env.error("Rollback failed: " + conflict);
  return report.conflicts.empty() ? kOk : kRollbackFailed;
}

}  // namespace tars::cli
