#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/execution/context_report.h"

namespace tars::cli {

// Polls the store, which any process (tarscli, tars-lsp) updates as it executes.
int execute_monitor(CliEnv& env, const std::string& context_id, int interval_ms) {
  Engine engine = env.open_engine();
  ContextRecord context = engine.context(context_id);
  std::string last_line;
  while (true) {
    context = engine.context(context_id);
    std::int64_t elapsed =
        (context.finished_at ? context.finished_at : now_ms()) - context.created_at;
    if (env.terminal.stderr_is_tty()) {
      env.terminal.progress(context.done_steps, context.total_steps, context.current_step, elapsed);
    } else if (!env.json()) {
      std::string line = std::string(to_string(context.status)) + " " +
                         std::to_string(context.done_steps) + "/" +
                         std::to_string(context.total_steps) + " steps" +
                         (context.current_step.empty() ? "" : " " + context.current_step) + "\n";
      if (line != last_line) env.out(line);
      last_line = line;
    }
    if (context.status != ContextStatus::Running) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    // The executing process may have died: then recovery rolls the context back here.
    for (const std::string& id : engine.recover_interrupted())
      env.warning("context " + id + " was interrupted; its changes were rolled back");
  }
  env.terminal.end_progress();
  if (env.json())
    env.out(json_text(context_detail_json(engine.detail(context_id), false)));
  else
    env.out(render_context_line(env, context));
  return exit_code_for_context(engine, context);
}

}  // namespace tars::cli
