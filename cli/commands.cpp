#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/generate/builtin_rules.h"
#include "core/importers/importer.h"
#include "version/version.h"

namespace tars::cli {

namespace {

// Names the values an option takes in --help (and so in the man page and completions)
// while the command checks them itself, with the messages the README documents.
CLI::Validator one_of(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& value : values) joined += (joined.empty() ? "" : ",") + value;
  return CLI::Validator([](std::string&) { return std::string(); }, "{" + joined + "}");
}

void add_improve(CLI::App& app, CliEnv& env) {
  CLI::App* improve = app.add_subcommand("improve", "List, show, import and generate improvements");
  improve->require_subcommand(1);

  improve->add_subcommand("list", "List available improvements")->callback([&] {
    env.exit_code = improve_list(env);
  });

  static std::string show_id;
  CLI::App* show = improve->add_subcommand("show", "Show one improvement and what it changes");
  show->add_option("--id", show_id, "Improvement id")->required()->type_name("ID");
  show->callback([&] { env.exit_code = improve_show(env, show_id); });

  static std::string file, from, group_by;
  CLI::App* import_cmd =
      improve->add_subcommand("import", "Import improvements from a tool's output");
  import_cmd->add_option("file", file, "File to import (- for standard input)")
      ->required()
      ->type_name("FILE");
  import_cmd->add_option("--from", from, "Input format (guessed from the content when left out)")
      ->check(CLI::IsMember(importer_formats()));
  import_cmd->add_option("--group-by", group_by, "How fixes are grouped into improvements")
      ->check(one_of({"check", "file", "diagnostic", "all"}));
  static int strip = -1;
  import_cmd
      ->add_option("-p,--strip", strip,
                   "Patches: remove N leading components from file names, as `git apply -pN` "
                   "(default: git's a/ b/, or the differing first part of plain diffs)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  static bool series_as_one = false;
  import_cmd->add_flag("--series-as-one", series_as_one,
                       "Patches: a series of commits (an mbox) becomes one improvement, each "
                       "commit one transaction (default: one improvement per commit)");
  import_cmd->callback(
      [&] { env.exit_code = improve_import(env, file, from, group_by, strip, series_as_one); });

  static GenerateArgs generate_args;
  CLI::App* generate = improve->add_subcommand(
      "generate", "Generate improvements from built-in rules and configured generators");
  std::vector<std::string> rules;
  for (const BuiltinRule& rule : builtin_rules()) rules.emplace_back(rule.name);
  generate->add_option("--rule", generate_args.rules, "Only this built-in rule (repeatable)")
      ->check(one_of(rules));
  generate
      ->add_option("--generator", generate_args.generators,
                   "Only this generator of .tars/config.json (repeatable)")
      ->type_name("NAME");
  generate->callback([&] { env.exit_code = improve_generate(env, generate_args); });
}

void add_execute_improvement(CLI::App& execute, CliEnv& env) {
  static ExecuteArgs args;
  CLI::App* cmd = execute.add_subcommand(
      "improvement", "Plan and execute an improvement, or several in one execution");
  auto* id = cmd->add_option("--id", args.ids,
                             "Improvement id (repeatable: several improvements in one execution, "
                             "in the order given)")
                 ->type_name("ID");
  auto* pending =
      cmd->add_flag("--all-pending", args.all_pending,
                    "Every pending improvement, in the order `improve list` shows them");
  id->excludes(pending);
  cmd->add_flag("--dry-run", args.dry_run,
                "Simulate: compute and record the changes, write nothing");
  cmd->add_flag("--validate", args.validate,
                "Check syntax before writing and run the configured validation commands after");
  cmd->add_flag("--auto-rollback", args.auto_rollback,
                "Roll back automatically if validation fails");
  cmd->add_option("--output-dir", args.output_dir,
                  "Write report.json, changes.patch and validation logs here")
      ->type_name("DIR");
  cmd->callback([&] {
    if (args.ids.empty() && !args.all_pending) throw CLI::RequiredError("--id or --all-pending");
    env.exit_code = execute_improvement(env, args);
  });
}

void add_execute_queries(CLI::App& execute, CliEnv& env) {
  static std::string status_id;
  static bool detail = false;
  CLI::App* status = execute.add_subcommand("status", "Show execution contexts, or one in detail");
  status->add_option("--context-id", status_id, "Execution context id (all contexts when left out)")
      ->type_name("CONTEXT");
  status->add_flag("--detail", detail,
                   "Steps, files, transactions, validation output, logs and diffs");
  status->callback([&] { env.exit_code = execute_status(env, status_id, detail); });

  static std::string monitor_id;
  static int interval_ms = 200;
  CLI::App* monitor = execute.add_subcommand("monitor", "Follow an execution until it finishes");
  monitor->add_option("--context-id", monitor_id, "Execution context id")
      ->required()
      ->type_name("CONTEXT");
  monitor->add_option("--interval-ms", interval_ms, "How often to refresh")
      ->check(CLI::Range(20, 60000))
      ->type_name("MS");
  monitor->callback([&] { env.exit_code = execute_monitor(env, monitor_id, interval_ms); });
}

void add_execute_changes(CLI::App& execute, CliEnv& env) {
  static ReviewArgs review_args;
  CLI::App* review =
      execute.add_subcommand("review", "Show the changes of an execution; approve or reject them");
  review->add_option("--context-id", review_args.context_id, "Execution context id")
      ->required()
      ->type_name("CONTEXT");
  auto* approve = review->add_flag("--approve", review_args.approve, "Approve the changes");
  auto* reject = review->add_flag("--reject", review_args.reject, "Reject (roll back) the changes");
  approve->excludes(reject);
  review->add_option("--file-path", review_args.file_path, "Only this file (with --reject)")
      ->needs(reject)
      ->type_name("FILE");
  review->callback([&] { env.exit_code = execute_review(env, review_args); });

  static RollbackArgs rollback_args;
  CLI::App* rollback = execute.add_subcommand("rollback", "Roll back the changes of an execution");
  rollback->add_option("--context-id", rollback_args.context_id, "Execution context id")
      ->required()
      ->type_name("CONTEXT");
  auto* all = rollback->add_flag("--all", rollback_args.all, "Every change of the context");
  auto* transaction =
      rollback->add_option("--transaction-id", rollback_args.transaction_id, "One transaction")
          ->type_name("TRANSACTION");
  auto* file =
      rollback->add_option("--file-path", rollback_args.file_path, "One file")->type_name("FILE");
  all->excludes(transaction)->excludes(file);
  transaction->excludes(file);
  rollback->add_flag(
      "--force", rollback_args.force,
      "Restore files changed since the execution too (your version is kept in .tars/backups/)");
  rollback->callback([&] {
    if (!rollback_args.all && rollback_args.transaction_id.empty() &&
        rollback_args.file_path.empty())
      throw CLI::RequiredError("one of --all, --transaction-id, --file-path");
    env.exit_code = execute_rollback(env, rollback_args);
  });
}

void add_execute(CLI::App& app, CliEnv& env) {
  CLI::App* execute = app.add_subcommand("execute", "Execute improvements and manage executions");
  execute->require_subcommand(1);
  add_execute_improvement(*execute, env);
  add_execute_queries(*execute, env);
  add_execute_changes(*execute, env);
}

}  // namespace

void define_commands(CLI::App& app, CliEnv& env) {
  app.description(
      "tarscli: apply automated code improvements safely — planned, journaled, validated, "
      "reversible");
  app.name("tarscli");
  app.set_version_flag(
      "--version", std::string("tarscli ") + release_version() + " (git " + git_describe() + ")");
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--workspace", env.options.workspace,
                 "Workspace root (default: nearest parent with .tars/, else the current directory)")
      ->type_name("DIR");
  app.add_option("--format", env.options.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  add_improve(app, env);
  add_execute(app, env);
  app.add_subcommand("trust", "Allow this workspace's .tars/config.json to run its commands")
      ->callback([&] { env.exit_code = trust(env); });
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
    for (CLI::App* leaf : sub->get_subcommands({})) leaf->fallthrough();
  }
}

int run_cli(int argc, char** argv) {
  CliEnv env;
  CLI::App app;
  define_commands(app, env);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  } catch (const Error& e) {
    env.error(e.what());
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    env.error(e.what());
    return kFailure;
  }
  return env.exit_code;
}

}  // namespace tars::cli
