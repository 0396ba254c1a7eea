#pragma once
// Runs one configured generator (an analyzer from .tars/config.json "generators") as a
// real subprocess — own process group, timeout kills the group, stderr capped — and
// imports what it wrote (its stdout, kept in .tars/generators/<name>.<format>, or the
// file named by "output") with the importer of its "produces" format.
#include <atomic>

#include "core/base/workspace.h"
#include "core/importers/importer.h"
#include "core/validation/workspace_config.h"

namespace tars {

// The caller has checked trust. Throws Error naming the generator when it cannot start,
// times out, is killed, fails without output, or its output cannot be imported. A
// non-zero exit with output is not a failure: linters exit 1 when they found something.
// An exit 0 without the output file is "nothing found" (with a warning): clang-tidy
// writes no --export-fixes file when it has no fixes.
ImportResult run_generator(const Workspace& workspace, const GeneratorSpec& generator,
                           const std::atomic<bool>* cancel = nullptr);

}  // namespace tars
