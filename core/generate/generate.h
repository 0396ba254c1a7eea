#pragma once
// generate/: improvements from the workspace — built-in rules, configured generators and
// the files they look at.
//
// `improve generate`: built-in rules over the workspace's text files and the configured
// generators, each source's improvements replacing the pending ones it made before.
#include <atomic>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/improvement.h"
#include "core/store/state_store.h"

namespace tars {

struct GenerateRequest {
  std::vector<std::string> rules;       // built-in rule names
  std::vector<std::string> generators;  // configured generator names
  // Both empty: every rule and every configured generator. One empty: none of that kind.
  const std::atomic<bool>* cancel = nullptr;
};

struct GenerateSummary {
  std::vector<Improvement> improvements;  // what the sources found now
  std::vector<std::string> replaced;      // ids of earlier pending improvements removed
  std::vector<std::string> warnings;
  std::vector<std::string> errors;  // generators that failed; their earlier improvements stay
};

// Throws Error(Usage) for an unknown rule or generator, Error(BadInput) for a malformed
// config, and Error(ValidationFailed) when generators would run from an untrusted config
// (before anything runs).
GenerateSummary generate_improvements(const Workspace& workspace, StateStore& store,
                                      const GenerateRequest& request);

// Source + changes: generating the same fix again yields the same id.
std::string generated_id(const Improvement& improvement);

}  // namespace tars
