#pragma once
// Improvements as one JSON file each under .tars/improvements/<id>.json.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/workspace.h"
#include "core/model/improvement.h"

namespace tars {

struct ImprovementLoadProblem {
  std::filesystem::path file;
  std::string message;  // names the file and what is wrong with it
};

// One state of a file, told without reading it, as git's index tells it: inode, size,
// modification and change times. A file rewritten in place within the file system's
// timestamp granularity of being stamped can keep its stamp (see improvement_catalog.h).
struct FileStamp {
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

struct ImprovementListing {
  std::vector<Improvement> improvements;         // sorted by priority (high first), then id
  std::vector<ImprovementLoadProblem> problems;  // corrupt files; never stop the listing
};

class ImprovementStore {
 public:
  explicit ImprovementStore(const Workspace& workspace);

  ImprovementListing list() const;
  struct File {
    std::string name;  // "<id>.json"
    FileStamp stamp;
  };
  // .tars/improvements/, when it exists (opened without following symlinks).
  std::optional<DirHandle> directory() const;
  // The entries of `dir` named like improvement files (lstat's stamps), sorted by name.
  std::vector<File> files(const DirHandle& dir) const;
  // One improvement file; nullopt when it was removed meanwhile; throws Error naming it
  // when it is corrupt or its id does not match its name (the message list() reports).
  std::optional<Improvement> read(const DirHandle& dir, const std::string& file) const;
  std::filesystem::path path_of(const std::string& file) const;
  // Throws Error(NotFound, "Improvement not found: <id>") or Error(BadInput) when corrupt.
  Improvement load(const std::string& id) const;
  void save(const Improvement& improvement) const;  // atomic write
  // Several improvements, each replaced atomically, with one fsync of the directory.
  void save_all(std::span<const Improvement> improvements) const;
  void remove(const std::string& id) const;  // durable; a missing file is fine

 private:
  Workspace workspace_;
};

// Sorts as list() does: by priority (high first), then id.
void sort_listing(ImprovementListing& listing);

// "imp-" + 10 hex digits of the hash of the improvement's changes: importing the same
// fix twice yields the same id (and replaces the file) instead of a duplicate.
std::string improvement_id_for(const Improvement& improvement);

}  // namespace tars
