#pragma once
// What an execution changed, file by file: the original bytes from the journal, the
// current bytes (or, for a dry run, the simulated result) and their unified diff.
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/store/state_store.h"

namespace tars {

struct FileReview {
  std::string path;      // where the original lived
  std::string new_path;  // where the result lives (differs for a rename)
  std::string kind;      // modify | create | delete | rename
  std::string state;     // the file operation's state
  std::string transaction_id;
  std::string transaction_name;  // the logical units of its transaction; "" before schema v6
  std::string original;
  std::string current;
  bool original_exists = true;
  bool current_exists = true;
  std::string diff;   // git-style unified diff, "" when identical ("Binary files ... differ")
  std::string patch;  // the same with binary data, as `git diff --binary`: git apply takes it
};

std::vector<FileReview> review_context(const Workspace& workspace, StateStore& store,
                                       const std::string& context_id);
// All diffs concatenated: a patch `git apply` accepts.
std::string changes_patch(const std::vector<FileReview>& files);

}  // namespace tars
