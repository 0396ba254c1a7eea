#pragma once
// --output-dir: report.json (the context in full), changes.patch (what changed, or
// would change in a dry run, as a patch `git apply` accepts) and validation/<name>.log.
#include <string>

#include "core/state_store.h"
#include "core/workspace.h"

namespace tars {

void write_output_files(const Workspace& workspace, StateStore& store,
                        const std::string& context_id, const std::string& output_dir);

}  // namespace tars
