#include "core/generate/generate.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/ids.h"
#include "core/base/join.h"
#include "core/generate/builtin_rules.h"
#include "core/generate/generator_runner.h"
#include "core/generate/workspace_files.h"
#include "core/model/improvement_store.h"
#include "core/validation/validation_runner.h"
#include "core/validation/workspace_config.h"

namespace tars {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text = join(names);
  return text.empty() ? "none" : text;
}

struct Selection {
  std::vector<const BuiltinRule*> rules;
  std::vector<GeneratorSpec> generators;
};

void select_rules(const GenerateRequest& request, bool everything, Selection& selection) {
  std::vector<std::string> known;
  for (const BuiltinRule& rule : builtin_rules()) {
    known.emplace_back(rule.name);
    bool asked =
        std::find(request.rules.begin(), request.rules.end(), rule.name) != request.rules.end();
    if (everything || asked) selection.rules.push_back(&rule);
  }
  for (const std::string& name : request.rules)
    if (!find_builtin_rule(name))
      throw Error(ErrorKind::Usage, "Unknown rule '" + name + "' (known: " + joined(known) + ")");
}

void select_generators(const Workspace& workspace, const GenerateRequest& request, bool everything,
                       Selection& selection) {
  WorkspaceConfig config = load_workspace_config(workspace);
  std::vector<std::string> configured;
  for (const GeneratorSpec& generator : config.generators) {
    configured.push_back(generator.command.name);
    const auto& asked = request.generators;
    if (everything || std::find(asked.begin(), asked.end(), generator.command.name) != asked.end())
      selection.generators.push_back(generator);
  }
  for (const std::string& name : request.generators)
    if (std::find(configured.begin(), configured.end(), name) == configured.end())
      throw Error(ErrorKind::Usage,
                  "Unknown generator '" + name +
                      "' (configured in .tars/config.json: " + joined(configured) + ")");
  if (!selection.generators.empty() && !is_trusted(workspace, config))
    throw Error(ErrorKind::ValidationFailed,
                "Validation failed: .tars/config.json defines generators but is not trusted; "
                "review it and run `tarscli trust` to allow them");
}

Selection select(const Workspace& workspace, const GenerateRequest& request) {
  Selection selection;
  bool everything = request.rules.empty() && request.generators.empty();
  select_rules(request, everything, selection);
  if (everything || !request.generators.empty())
    select_generators(workspace, request, everything, selection);
  return selection;
}

void describe_rule(const BuiltinRule& rule, Improvement& improvement) {
  std::size_t files = improvement.changes.size();
  improvement.title =
      std::string(rule.title) + " (" + std::to_string(files) + (files == 1 ? " file)" : " files)");
  improvement.description = std::string(rule.description) + " " +
                            std::to_string(improvement.diagnostics.size()) + " finding(s) by " +
                            "the built-in rule " + std::string(rule.name) + ".";
  improvement.category = rule.category;
  improvement.source = "rule:" + std::string(rule.name);
  improvement.created_at = iso8601_now();
}

// One improvement per rule with one change (and so one transaction) per file: a rule is
// reviewed as a whole, and any file can still be rejected or rolled back on its own.
std::vector<ImportResult> run_rules(const Workspace& workspace,
                                    const std::vector<const BuiltinRule*>& rules) {
  std::vector<ImportResult> results(rules.size());
  if (rules.empty()) return results;
  std::vector<Improvement> improvements(rules.size());
  for (const std::string& path : list_workspace_files(workspace)) {
    std::optional<std::string> content;
    try {
      content = workspace.open(path).read();
    } catch (const Error&) {
      continue;  // a symlinked directory leading outside, or unreadable: not ours to fix
    }
    if (!content || is_binary_content(*content)) continue;
    std::string hash;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      RuleFindings findings = rules[i]->check(path, *content);
      if (findings.edits.empty()) continue;
      if (hash.empty()) hash = content_hash(*content);
      FileChange change;
      change.path = change.group = path;
      change.base_hash = hash;
      change.edits = std::move(findings.edits);
      improvements[i].changes.push_back(std::move(change));
      auto& diagnostics = improvements[i].diagnostics;
      diagnostics.insert(diagnostics.end(), findings.diagnostics.begin(),
                         findings.diagnostics.end());
      results[i].base_contents.emplace(hash, *content);
    }
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (improvements[i].changes.empty()) continue;
    describe_rule(*rules[i], improvements[i]);
    results[i].improvements.push_back(std::move(improvements[i]));
  }
  return results;
}

// Saves a source's new improvements and removes the pending ones it made before. An
// improvement that was ever executed (its status is not pending, or an execution context
// names it) is never rewritten nor removed.
class GeneratedImprovements {
 public:
  GeneratedImprovements(const Workspace& workspace, StateStore& store)
      : improvements_(workspace), store_(store), statuses_(store.improvement_statuses()) {
    for (const ContextRecord& context : store.list_contexts())
      executed_.insert(context.improvement_ids.begin(), context.improvement_ids.end());
    for (const auto& [id, status] : statuses_)
      if (status != improvement_status::kPending) executed_.insert(id);
    for (Improvement& existing : improvements_.list().improvements)
      existing_.emplace(existing.id, std::move(existing));
  }

  void replace(const std::string& source, ImportResult result, GenerateSummary& summary) {
    std::set<std::string> fresh;
    std::vector<Improvement> to_save;
    for (Improvement& improvement : result.improvements) {
      improvement.source = source;
      improvement.status = improvement_status::kPending;
      improvement.id = generated_id(improvement);
      if (!fresh.insert(improvement.id).second) continue;  // the same fix twice
      auto existing = existing_.find(improvement.id);
      if (executed_.count(improvement.id) && existing != existing_.end()) {
        summary.improvements.push_back(with_status(existing->second));
        continue;
      }
      to_save.push_back(std::move(improvement));
    }
    store_.put_bases(result.base_contents);
    for (Improvement& improvement : to_save) {
      improvements_.save(improvement);
      store_.set_improvement_status(improvement.id, improvement_status::kPending);
      summary.improvements.push_back(std::move(improvement));
    }
    for (const auto& [id, existing] : existing_)
      if (existing.source == source && !fresh.count(id) && !executed_.count(id)) {
        improvements_.remove(id);
        summary.replaced.push_back(id);
      }
  }

 private:
  Improvement with_status(Improvement improvement) const {
    if (auto it = statuses_.find(improvement.id); it != statuses_.end())
      improvement.status = it->second;
    return improvement;
  }

  ImprovementStore improvements_;
  StateStore& store_;
  std::map<std::string, std::string> statuses_;
  std::set<std::string> executed_;
  std::map<std::string, Improvement> existing_;
};

}  // namespace

std::string generated_id(const Improvement& improvement) {
  return "imp-" +
         content_hash(improvement.source + '\n' + improvement_id_for(improvement)).substr(0, 10);
}

GenerateSummary generate_improvements(const Workspace& workspace, StateStore& store,
                                      const GenerateRequest& request) {
  Selection selection = select(workspace, request);
  workspace.ensure_state_dir();
  GeneratedImprovements saved(workspace, store);
  GenerateSummary summary;
  std::vector<ImportResult> rule_results = run_rules(workspace, selection.rules);
  for (std::size_t i = 0; i < selection.rules.size(); ++i)
    saved.replace("rule:" + std::string(selection.rules[i]->name), std::move(rule_results[i]),
                  summary);
  for (const GeneratorSpec& generator : selection.generators) {
    if (request.cancel && request.cancel->load()) break;
    try {
      ImportResult result = run_generator(workspace, generator, request.cancel);
      summary.warnings.insert(summary.warnings.end(), result.warnings.begin(),
                              result.warnings.end());
      saved.replace("generator:" + generator.command.name, std::move(result), summary);
    } catch (const Error& e) {
      summary.errors.push_back(e.what());
    }
  }
  return summary;
}

}  // namespace tars
