#pragma once
// The JSON form of a diagnostic, shared by improvement files, the state store and
// reports, so the three never drift apart.
#include <nlohmann/json_fwd.hpp>

#include "core/model/diagnostic.h"

namespace tars {

nlohmann::json diagnostic_to_json(const Diagnostic& diagnostic);
// Lenient: a missing or mistyped field keeps its default.
Diagnostic diagnostic_from_json(const nlohmann::json& item);

}  // namespace tars
