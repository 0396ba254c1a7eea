#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "core/base/quote.h"
#include "core/execution/context_report.h"

namespace tars::cli {

namespace {

std::string summary_json(const GenerateSummary& summary) {
  nlohmann::json out = improvements_json(summary.improvements, {});
  out["replaced"] = summary.replaced;
  if (!summary.warnings.empty()) out["warnings"] = summary.warnings;
  if (!summary.errors.empty()) out["errors"] = summary.errors;
  return json_text(out);
}

std::string summary_text(const CliEnv& env, const GenerateSummary& summary) {
  std::string text;
  for (const Improvement& improvement : summary.improvements) {
    text += "Generated " + env.terminal.paint(Style::Bold, improvement.id) + ": " +
            printable(improvement.title) + " [" + improvement.source + "]";
    if (improvement.status != improvement_status::kPending) text += " (" + improvement.status + ")";
    text += "\n";
  }
  if (summary.improvements.empty() && summary.errors.empty())
    text += "Nothing to improve: no rule or generator found anything.\n";
  if (!summary.replaced.empty()) {
    text += "Removed " + std::to_string(summary.replaced.size()) +
            " earlier pending improvement(s) of the same sources:";
    for (const std::string& id : summary.replaced) text += " " + id;
    text += "\n";
  }
  return text;
}

}  // namespace

int improve_generate(CliEnv& env, const GenerateArgs& args) {
  Engine engine = env.open_engine();
  InterruptGuard guard;
  GenerateSummary summary = engine.generate({args.rules, args.generators, guard.flag()});
  for (const std::string& warning : summary.warnings) env.warning(warning);
  for (const std::string& error : summary.errors) env.error(error);
  env.out(env.json() ? summary_json(summary) : summary_text(env, summary));
  if (guard.flag()->load()) return kInterrupted;
  return summary.errors.empty() ? kOk : kFailure;
}

}  // namespace tars::cli
