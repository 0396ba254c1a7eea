#include <unistd.h>

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/actions.h"
#include "cli/exit_codes.h"
#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/quote.h"
#include "core/execution/context_report.h"

namespace tars::cli {

namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

// Appends `text` padded to `width` (one string for a whole listing, no temporaries).
void append_padded(std::string& out, std::string_view text, std::size_t width) {
  out.append(text);
  if (text.size() < width) out.append(width - text.size(), ' ');
}

std::string read_input(const std::string& file) {
  if (file == "-") return read_stream(STDIN_FILENO, "<stdin>");
  return tars::read_input(file);
}

// The transactions an execution will make, in order of first appearance: each line is
// what `execute rollback --transaction-id` takes back together.
std::string transactions_text(const Improvement& improvement) {
  std::vector<std::string> order;
  std::map<std::string, std::string> files;
  for (const FileChange& change : improvement.changes) {
    const std::string& group = change.group.empty() ? change.path : change.group;
    auto [it, fresh] = files.try_emplace(group);
    if (fresh) order.push_back(group);
    it->second += " " + quote_path(change.path);
  }
  std::string text = "\nTransactions:\n";
  for (const std::string& group : order)
    text += "  " + printable(group) + ":" + files[group] + "\n";
  return text;
}

}  // namespace

int improve_list(CliEnv& env) {
  Engine engine = env.open_engine();
  ImprovementListing listing = engine.list_improvements();
  std::vector<std::string> problems;
  for (const auto& problem : listing.problems) {
    problems.push_back(problem.message);
    env.warning(problem.message + " (skipped)");
  }
  if (env.json()) {
    env.out(json_text(improvements_json(listing.improvements, problems)));
    return kOk;
  }
  if (listing.improvements.empty()) {
    env.out("No improvements. Import some with `tarscli improve import FILE`.\n");
    return kOk;
  }
  std::string text =
      env.terminal.paint(Style::Bold, pad("ID", 16) + pad("PRIORITY", 10) + pad("STATUS", 10) +
                                          pad("FILES", 7) + "TITLE") +
      "\n";
  text.reserve(text.size() + listing.improvements.size() * 96);
  for (const Improvement& improvement : listing.improvements) {
    append_padded(text, printable(improvement.id), 16);
    append_padded(text, std::to_string(improvement.priority), 10);
    append_padded(text, improvement.status, 10);
    append_padded(text, std::to_string(improvement.changes.size()), 7);
    text += printable(improvement.title);
    text += '\n';
  }
  env.out(text);
  return kOk;
}

int improve_show(CliEnv& env, const std::string& id) {
  Engine engine = env.open_engine();
  Improvement improvement = engine.improvement(id);
  if (env.json()) {
    env.out(json_text(improvement_json(improvement)));
    return kOk;
  }
  std::string text =
      env.terminal.paint(Style::Bold, printable(improvement.id + ": " + improvement.title)) + "\n";
  text += "  source: " + improvement.source + "   category: " + improvement.category +
          "   priority: " + std::to_string(improvement.priority) +
          "   status: " + improvement.status + "\n";
  if (!improvement.author.empty()) text += "  author: " + printable(improvement.author) + "\n";
  if (!improvement.description.empty()) text += "\n" + printable(improvement.description) + "\n";
  text += "\nChanges:\n";
  for (const FileChange& change : improvement.changes) {
    text += "  " + pad(std::string(to_string(change.kind)), 8) + quote_path(change.path);
    if (!change.new_path.empty()) text += " -> " + quote_path(change.new_path);
    if (!change.edits.empty()) text += "  (" + std::to_string(change.edits.size()) + " edit(s))";
    text += "\n";
  }
  for (const Diagnostic& d : improvement.diagnostics)
    text += "  fixes " + quote_path(d.path) + ":" + std::to_string(d.line) + ": " +
            printable(d.message) + "\n";
  if (!improvement.changes.empty()) text += transactions_text(improvement);
  env.out(text);
  return kOk;
}

int improve_import(CliEnv& env, const std::string& file, const std::string& format,
                   const std::string& group_by, int strip, bool series_as_one) {
  Engine engine = env.open_engine();
  ImportRequest request{read_input(file), file == "-" ? "<stdin>" : file, group_by, strip,
                        series_as_one};
  ImportSummary summary = engine.import(request, format);
  for (const std::string& warning : summary.warnings) env.warning(warning);
  if (env.json()) {
    env.out(json_text(improvements_json(summary.improvements, {})));
    return kOk;
  }
  for (const Improvement& improvement : summary.improvements)
    env.out("Imported " + env.terminal.paint(Style::Bold, improvement.id) + ": " +
            printable(improvement.title) + " (" + std::to_string(improvement.changes.size()) +
            " file(s))\n");
  if (summary.improvements.empty()) env.out("Imported nothing: no file would change.\n");
  return kOk;
}

}  // namespace tars::cli
