#pragma once
// tars/health: what an editor's health check (Neovim's :checkhealth tars) shows about the
// server and its workspace, as the server itself sees them.
#include <nlohmann/json.hpp>

#include "core/engine.h"

namespace tars::server {

// {"name", "version", "gitDescribe", "workspace", "config": {"path", "exists", "valid",
//  "error" (when not valid), "trusted", "needsTrust", "programs": [what trusting runs]}}
nlohmann::json health_report(const Engine& engine);

}  // namespace tars::server
