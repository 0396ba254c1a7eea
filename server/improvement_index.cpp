#include "server/improvement_index.h"

#include <algorithm>
#include <set>

namespace tars::server {

void ImprovementIndex::rebuild(std::vector<Improvement> improvements) {
  improvements_ = std::move(improvements);
  files_.clear();
  for (std::size_t i = 0; i < improvements_.size(); ++i)
    for (const FileChange& change : improvements_[i].changes) {
      auto& entries = files_[change.path].edits;
      if (change.edits.empty()) entries.push_back({0, SIZE_MAX, i});  // whole-file changes
      for (const TextEdit& edit : change.edits)
        entries.push_back({edit.offset, edit.offset + edit.old_text.size(), i});
    }
  for (auto& [path, entries] : files_) {
    std::sort(entries.edits.begin(), entries.edits.end(),
              [](const IndexedEdit& a, const IndexedEdit& b) { return a.start < b.start; });
    std::size_t running = 0;
    for (const IndexedEdit& edit : entries.edits)
      entries.max_end.push_back(running = std::max(running, edit.end));
  }
}

std::vector<std::size_t> ImprovementIndex::touching(const std::string& path, std::size_t start,
                                                    std::size_t end) const {
  auto it = files_.find(path);
  if (it == files_.end()) return {};
  const FileEntries& entries = it->second;
  // Candidates start at or before `end`; walking back stops once no earlier edit reaches `start`.
  auto past = std::upper_bound(
      entries.edits.begin(), entries.edits.end(), end,
      [](std::size_t value, const IndexedEdit& edit) { return value < edit.start; });
  std::set<std::size_t> found;
  for (std::size_t i = static_cast<std::size_t>(past - entries.edits.begin()); i-- > 0;) {
    if (entries.max_end[i] < start) break;
    if (entries.edits[i].end >= start) found.insert(entries.edits[i].improvement);
  }
  return {found.begin(), found.end()};
}

std::vector<std::size_t> ImprovementIndex::for_file(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return {};
  std::set<std::size_t> found;
  for (const IndexedEdit& edit : it->second.edits) found.insert(edit.improvement);
  return {found.begin(), found.end()};
}

}  // namespace tars::server
