#pragma once
// Several improvements as one change set, for one execution context: each improvement
// is rebased onto the result of the ones before it, and the execution then plans,
// journals, writes and validates the combined change set as it would one improvement.
//
// Transactions: each improvement's changes get one group label, "<id>: <title>", so an
// improvement is one transaction and can be rolled back on its own. Improvements that
// change a common file share one transaction (labels joined by " + ", named as every
// transaction is: core/importers/transaction_units.h), as a file is journaled and
// restored as a whole.
//
// A file several improvements change must be edited (not created, deleted or renamed)
// by each of them. When their edits were computed against the same content (the usual
// case: one import, one clang-tidy run), the later improvement's edits are moved over
// the earlier ones' by offset; an identical edit is applied once, edits that overlap
// otherwise conflict. Edits computed against different contents are rebased onto the
// previous result through rebase_edits (core/diff/rebase.h).
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/execution/execution.h"
#include "core/model/improvement.h"
#include "core/store/state_store.h"

namespace tars {

// The improvement an execution runs for `improvements` (at least two, in execution
// order): one change per file, group labels as above, id and title of the first.
// Throws Error(PlanInvalid, "Execution plan validation failed: ...") naming both
// improvements when two cannot be combined, Error(Stale) when a file to rebase on no
// longer exists. Reads only files whose changes were computed against different
// contents; writes nothing.
Improvement combine_improvements(const Workspace& workspace, StateStore& store,
                                 const std::vector<Improvement>& improvements);

// Several improvements (in this order) in one context: combined as above, validated once
// at the end, each one's status set as execute_improvement sets it. Throws as
// combine_improvements does before a context exists; nothing is written then. One
// improvement runs as execute_improvement.
ExecutionResult execute_improvements(const Workspace& workspace, StateStore& store,
                                     const std::vector<Improvement>& improvements,
                                     const ExecuteOptions& options);

// "<id>: <title>" (just the id when the title is empty).
std::string improvement_label(const Improvement& improvement);

}  // namespace tars
