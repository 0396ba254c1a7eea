#pragma once
// Improvements as one JSON file each under .tars/improvements/<id>.json.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/improvement.h"

namespace tars {

struct ImprovementLoadProblem {
  std::filesystem::path file;
  std::string message;  // names the file and what is wrong with it
};

struct ImprovementListing {
  std::vector<Improvement> improvements;         // sorted by priority (high first), then id
  std::vector<ImprovementLoadProblem> problems;  // corrupt files; never stop the listing
};

class ImprovementStore {
 public:
  explicit ImprovementStore(const Workspace& workspace);

  ImprovementListing list() const;
  // Throws Error(NotFound, "Improvement not found: <id>") or Error(BadInput) when corrupt.
  Improvement load(const std::string& id) const;
  void save(const Improvement& improvement) const;  // atomic write
  void remove(const std::string& id) const;         // durable; a missing file is fine

 private:
  std::optional<DirHandle> directory() const;  // .tars/improvements/, when it exists
  Workspace workspace_;
};

// "imp-" + 10 hex digits of the hash of the improvement's changes: importing the same
// fix twice yields the same id (and replaces the file) instead of a duplicate.
std::string improvement_id_for(const Improvement& improvement);

}  // namespace tars
