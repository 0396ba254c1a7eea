#pragma once
// Rules that need no tool. Each looks at one text file and returns the edits that fix
// what it finds (against that content) with a diagnostic per finding.
#include <string_view>
#include <vector>

#include "core/model/diagnostic.h"
#include "core/model/improvement.h"

namespace tars {

struct RuleFindings {
  std::vector<TextEdit> edits;  // sorted, non-overlapping
  std::vector<Diagnostic> diagnostics;
};

struct BuiltinRule {
  std::string_view name;  // for --rule, and the source "rule:<name>"
  std::string_view title;
  std::string_view description;
  std::string_view category;
  RuleFindings (*check)(std::string_view path, std::string_view content);
};

const std::vector<BuiltinRule>& builtin_rules();
const BuiltinRule* find_builtin_rule(std::string_view name);

}  // namespace tars
