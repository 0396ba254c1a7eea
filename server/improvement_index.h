#pragma once
// Which improvements touch which byte ranges of which file, for code actions: per
// file a list sorted by start with a running maximum of ends, so a range query is a
// binary search plus a walk over the candidates only (code actions come on every
// cursor move and must not scan or read files).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/model/improvement.h"

namespace tars::server {

struct IndexedEdit {
  std::size_t start = 0;
  std::size_t end = 0;          // exclusive; == start for insertions
  std::size_t improvement = 0;  // index into improvements()
};

class ImprovementIndex {
 public:
  void rebuild(std::vector<Improvement> improvements);
  const std::vector<Improvement>& improvements() const { return improvements_; }
  // Improvements with an edit of `path` overlapping [start, end] (touching counts).
  std::vector<std::size_t> touching(const std::string& path, std::size_t start,
                                    std::size_t end) const;
  std::vector<std::size_t> for_file(const std::string& path) const;

 private:
  struct FileEntries {
    std::vector<IndexedEdit> edits;    // sorted by start
    std::vector<std::size_t> max_end;  // max end of edits[0..i]
  };
  std::vector<Improvement> improvements_;
  std::map<std::string, FileEntries> files_;
};

}  // namespace tars::server
