#pragma once
// An execution context as the tools report it to an agent: the core's summary (the keys
// of `tarscli execute status --format json`), its validation findings as
// "file:line: message" lines, what failed with the end of its output, and the diff.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/engine.h"

namespace tars::mcp {

using nlohmann::json;

// Findings of the validations that did not pass: "test_calc.py:12: AssertionError: ...".
// A failed validation without findings gives "<name>: <status>".
std::vector<std::string> diagnostic_lines(const std::vector<ValidationRecord>& validations);

// The core's summary of the context with "diagnostics", "validation" (the ones that did
// not pass, their output cut to its end) and "diff": what the context changed, or, once
// rolled back or cancelled, what it tried.
json context_result(Engine& engine, const ContextRecord& context);

// The output of a validation as far as an agent needs it: its last few thousand bytes.
std::string output_tail(const std::string& output);

}  // namespace tars::mcp
