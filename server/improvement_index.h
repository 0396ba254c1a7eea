#pragma once
// Which improvements touch which byte ranges of which file, for code actions: per
// file a list sorted by start with a running maximum of ends, so a range query is a
// binary search plus a walk over the candidates only (code actions come on every
// cursor move and must not scan or read files).
//
// Built from the improvements' summaries (Engine::list_improvements: no edits, read
// from state.db without opening the improvement files), which say which files each
// improvement changes. A file's edits are read the first time that file is asked about,
// by loading the improvements that change it: an editor starts answering at once,
// however many improvements the workspace holds.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
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
  // Reads one improvement in full; nullopt when it cannot (removed meanwhile, corrupt).
  using Loader = std::function<std::optional<Improvement>(const std::string& id)>;

  // `summaries` may carry edits (they are then used as they are) or not (`load` reads
  // the improvement when one of its files is first asked about).
  void rebuild(std::vector<Improvement> summaries, Loader load = {});
  const std::vector<Improvement>& improvements() const { return summaries_; }
  // Improvement i with its edits and diagnostics (and the summary's status); the summary
  // itself when it cannot be loaded.
  const Improvement& full(std::size_t i);
  // Improvements with an edit of `path` overlapping [start, end] (touching counts).
  std::vector<std::size_t> touching(const std::string& path, std::size_t start, std::size_t end);
  std::vector<std::size_t> for_file(const std::string& path) const;

 private:
  struct FileEntries {
    std::vector<IndexedEdit> edits;    // sorted by start
    std::vector<std::size_t> max_end;  // max end of edits[0..i]
  };
  const FileEntries* entries(const std::string& path);

  std::vector<Improvement> summaries_;
  Loader load_;
  std::vector<std::optional<Improvement>> full_;                        // read when needed
  std::unordered_map<std::string, std::vector<std::size_t>> changing_;  // by path, sorted
  std::unordered_map<std::string, FileEntries> files_;                  // built when needed
};

}  // namespace tars::server
