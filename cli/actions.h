#pragma once
// One function per tarscli command; each returns the exit code. Argument parsing lives
// in commands.cpp, so only that file includes CLI11.
#include <string>
#include <vector>

#include "cli/cli_env.h"

namespace tars::cli {

int improve_list(CliEnv& env);
int improve_show(CliEnv& env, const std::string& id);
// `strip`: -p N for patches (-1: the default); `series_as_one`: --series-as-one.
int improve_import(CliEnv& env, const std::string& file, const std::string& format,
                   const std::string& group_by, int strip, bool series_as_one);

struct GenerateArgs {
  std::vector<std::string> rules;       // --rule
  std::vector<std::string> generators;  // --generator
};
int improve_generate(CliEnv& env, const GenerateArgs& args);

struct ExecuteArgs {
  std::vector<std::string> ids;  // --id, in order
  bool all_pending = false;
  bool dry_run = false;
  bool validate = false;
  bool auto_rollback = false;
  std::string output_dir;
};
int execute_improvement(CliEnv& env, const ExecuteArgs& args);

int execute_status(CliEnv& env, const std::string& context_id, bool detail);
int execute_monitor(CliEnv& env, const std::string& context_id, int interval_ms);

struct ReviewArgs {
  std::string context_id;
  bool approve = false;
  bool reject = false;
  std::string file_path;
};
int execute_review(CliEnv& env, const ReviewArgs& args);

struct RollbackArgs {
  std::string context_id;
  bool all = false;
  std::string transaction_id;
  std::string file_path;
  bool force = false;
};
int execute_rollback(CliEnv& env, const RollbackArgs& args);

int trust(CliEnv& env);

// Shared by status, review and rollback: text for one context.
std::string render_context_line(const CliEnv& env, const ContextRecord& context);
std::string render_rollback(const CliEnv& env, const std::string& context_id,
                            const RollbackReport& report);
// Exit code for a finished context: validation failures are kValidationFailed.
int exit_code_for_context(Engine& engine, const ContextRecord& context);

}  // namespace tars::cli
