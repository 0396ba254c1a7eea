#include "server/improvement_index.h"

#include <algorithm>
#include <set>

namespace tars::server {

void ImprovementIndex::rebuild(std::vector<Improvement> summaries, Loader load) {
  summaries_ = std::move(summaries);
  load_ = std::move(load);
  full_.assign(summaries_.size(), std::nullopt);
  changing_.clear();
  files_.clear();
  for (std::size_t i = 0; i < summaries_.size(); ++i)
    for (const FileChange& change : summaries_[i].changes) {
      std::vector<std::size_t>& list = changing_[change.path];
      if (list.empty() || list.back() != i) list.push_back(i);
    }
}

const Improvement& ImprovementIndex::full(std::size_t i) {
  if (!load_) return summaries_[i];
  std::optional<Improvement>& loaded = full_[i];
  if (!loaded) {
    loaded = load_(summaries_[i].id);
    if (!loaded) loaded = summaries_[i];
    loaded->status = summaries_[i].status;
  }
  return *loaded;
}

const ImprovementIndex::FileEntries* ImprovementIndex::entries(const std::string& path) {
  if (auto built = files_.find(path); built != files_.end()) return &built->second;
  auto changing = changing_.find(path);
  if (changing == changing_.end()) return nullptr;
  FileEntries& entries = files_[path];
  for (std::size_t i : changing->second)
    for (const FileChange& change : full(i).changes) {
      if (change.path != path) continue;
      if (change.edits.empty()) entries.edits.push_back({0, SIZE_MAX, i});  // whole-file changes
      for (const TextEdit& edit : change.edits)
        entries.edits.push_back({edit.offset, edit.offset + edit.old_text.size(), i});
    }
  std::sort(entries.edits.begin(), entries.edits.end(),
            [](const IndexedEdit& a, const IndexedEdit& b) { return a.start < b.start; });
  std::size_t running = 0;
  for (const IndexedEdit& edit : entries.edits)
    entries.max_end.push_back(running = std::max(running, edit.end));
  return &entries;
}

std::vector<std::size_t> ImprovementIndex::touching(const std::string& path, std::size_t start,
                                                    std::size_t end) {
  const FileEntries* entries = this->entries(path);
  if (!entries) return {};
  // Candidates start at or before `end`; walking back stops once no earlier edit reaches `start`.
  auto past = std::upper_bound(
      entries->edits.begin(), entries->edits.end(), end,
      [](std::size_t value, const IndexedEdit& edit) { return value < edit.start; });
  std::set<std::size_t> found;
  for (std::size_t i = static_cast<std::size_t>(past - entries->edits.begin()); i-- > 0;) {
    if (entries->max_end[i] < start) break;
    if (entries->edits[i].end >= start) found.insert(entries->edits[i].improvement);
  }
  return {found.begin(), found.end()};
}

std::vector<std::size_t> ImprovementIndex::for_file(const std::string& path) const {
  auto it = changing_.find(path);
  return it == changing_.end() ? std::vector<std::size_t>{} : it->second;
}

}  // namespace tars::server
