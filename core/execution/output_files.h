#pragma once
// --output-dir: report.json (the context in full), changes.patch (what changed, or
// would change in a dry run, as a patch `git apply` accepts) and validation/<name>.log.
#include <string>

#include "core/base/workspace.h"
#include "core/store/state_store.h"

namespace tars {

void write_output_files(const Workspace& workspace, StateStore& store,
                        const std::string& context_id, const std::string& output_dir);

}  // namespace tars
