#include "core/execution/combined_improvements.h"

#include <algorithm>
#include <map>

#include "core/base/error.h"
#include "core/base/hash.h"
#include "core/base/quote.h"
#include "core/diff/line_diff.h"
#include "core/diff/rebase.h"
#include "core/importers/transaction_units.h"

namespace tars {

namespace {

[[noreturn]] void invalid(const std::string& reason) {
  throw Error(ErrorKind::PlanInvalid, "Execution plan validation failed: " + reason);
}

// One change of one improvement to a file.
struct Part {
  std::size_t improvement = 0;
  const FileChange* change = nullptr;
};

// The changes of every improvement to one file, in execution order.
struct FileParts {
  std::string path;
  std::vector<Part> parts;
  bool renamed_to = false;  // only the new path of a rename: claimed, not a change
};

class Combiner {
 public:
  Combiner(const Workspace& workspace, StateStore& store, const std::vector<Improvement>& all)
      : workspace_(workspace), store_(store), all_(all) {}

  Improvement run() {
    collect();
    Improvement combined;
    combined.id = all_.front().id;
    combined.title = all_.front().title;
    combined.source = all_.front().source;
    for (const FileParts& file : files_) {
      if (file.renamed_to) continue;
      combined.changes.push_back(combine(file));
      combined.changes.back().group = units_.name(combined.changes.back().path);
    }
    return combined;
  }

 private:
  std::string id(std::size_t improvement) const { return all_[improvement].id; }

  [[noreturn]] void conflict(const Part& earlier, const Part& later, const std::string& path,
                             const std::string& why) const {
    if (earlier.improvement == later.improvement)
      invalid("improvement " + id(later.improvement) + ": " + why + " in " + quote_path(path));
    invalid("improvements " + id(earlier.improvement) + " and " + id(later.improvement) +
            " cannot be combined: " + why + " in " + quote_path(path) +
            "; execute them separately");
  }

  // Groups the changes by the file they touch (a rename claims both of its paths); each
  // improvement is a transaction unit, merged with those sharing a file.
  void collect() {
    std::map<std::string, std::size_t> file_of;  // resolved path -> index into files_
    for (std::size_t i = 0; i < all_.size(); ++i) {
      std::string unit = improvement_label(all_[i]);
      for (const FileChange& change : all_[i].changes) {
        claim(file_of, change.path, {i, &change}, false);
        units_.touch(unit, change.path);
        if (change.kind != ChangeKind::Rename) continue;
        claim(file_of, change.new_path, {i, &change}, true);
        units_.touch(unit, change.new_path);
      }
    }
  }

  void claim(std::map<std::string, std::size_t>& file_of, const std::string& path, Part part,
             bool renamed_to) {
    std::string resolved = workspace_.resolve(path).string();
    auto [it, fresh] = file_of.emplace(resolved, files_.size());
    if (fresh) {
      files_.push_back({path, {part}, renamed_to});
      return;
    }
    FileParts& file = files_[it->second];
    const Part& first = file.parts.front();
    if (first.improvement == part.improvement)
      conflict(first, part, path, "two changes touch the same file");
    if (first.change->kind != ChangeKind::Edit || part.change->kind != ChangeKind::Edit ||
        first.change->path != path || part.change->path != path)
      conflict(file.parts.back(), part, path,
               "both change the file and not only by edits (create, delete or rename)");
    file.parts.push_back(part);
  }

  FileChange combine(const FileParts& file) {
    if (file.parts.size() == 1) return *file.parts.front().change;
    std::string base;
    bool one_base = true;
    for (const Part& part : file.parts) {
      const std::string& each = part.change->base_hash;
      if (each.empty() || each == base) continue;
      one_base = base.empty();
      base = each;
    }
    FileChange change = one_base ? *file.parts.front().change : rebased(file);
    if (one_base) {
      change.base_hash = base;
      change.edits = merged_edits(file);
    }
    for (const Part& part : file.parts)
      if (part.change->mode) change.mode = part.change->mode;
    return change;
  }

  // Edits computed against one content: the union, ordered by offset (at one offset an
  // insertion first, then in execution order), an edit equal to the one before dropped.
  std::vector<TextEdit> merged_edits(const FileParts& file) const {
    struct Tagged {
      const TextEdit* edit;
      const Part* part;
    };
    std::vector<Tagged> all;
    for (const Part& part : file.parts)
      for (const TextEdit& edit : part.change->edits) all.push_back({&edit, &part});
    std::stable_sort(all.begin(), all.end(), [](const Tagged& a, const Tagged& b) {
      if (a.edit->offset != b.edit->offset) return a.edit->offset < b.edit->offset;
      return a.edit->old_text.empty() && !b.edit->old_text.empty();
    });
    std::vector<TextEdit> merged;
    const Tagged* previous = nullptr;
    for (const Tagged& each : all) {
      const TextEdit& edit = *each.edit;
      if (previous) {
        const TextEdit& last = *previous->edit;
        if (edit.offset == last.offset && edit.old_text == last.old_text &&
            edit.new_text == last.new_text)
          continue;
        if (edit.offset < last.offset + last.old_text.size())
          conflict(*previous->part, *each.part, file.path,
                   "their edits overlap at " + where(file, edit.offset));
      }
      merged.push_back(edit);
      previous = &each;
    }
    return merged;
  }

  // "line N" when the base content is stored, else "byte N".
  std::string where(const FileParts& file, std::size_t offset) const {
    const std::string& base = file.parts.front().change->base_hash;
    if (auto content = base.empty() ? std::nullopt : store_.get_blob(base))
      if (offset <= content->size())
        return "line " +
               std::to_string(1 + std::count(content->begin(),
                                             content->begin() + static_cast<std::ptrdiff_t>(offset),
                                             '\n'));
    return "byte " + std::to_string(offset);
  }

  // Edits computed against different contents: applied one after the other to what the
  // file holds now, each rebased onto the result before it; one change from the current
  // content to the final one.
  FileChange rebased(const FileParts& file) {
    FileChange change = *file.parts.front().change;
    std::optional<std::string> current = workspace_.open(file.path).read();
    if (!current)
      throw Error(ErrorKind::Stale,
                  "Improvement is stale: " + quote_path(file.path) + " no longer exists");
    std::string result = *current;
    for (std::size_t i = 0; i < file.parts.size(); ++i) {
      const Part& part = file.parts[i];
      result = apply_part(file, part, i ? &file.parts[i - 1] : nullptr, result);
    }
    change.base_hash = content_hash(*current);
    change.edits = line_edits(*current, result);
    return change;
  }

  std::string apply_part(const FileParts& file, const Part& part, const Part* previous,
                         const std::string& content) {
    const FileChange& change = *part.change;
    std::vector<TextEdit> edits = change.edits;
    std::string why;
    if (!change.base_hash.empty() && change.base_hash != content_hash(content)) {
      auto base = store_.get_blob(change.base_hash);
      RebaseResult rebase =
          base ? rebase_edits(*base, content, edits) : RebaseResult{false, {}, "its base is gone"};
      if (rebase.ok) edits = std::move(rebase.edits);
      why = rebase.ok ? "" : " (" + rebase.conflict + ")";
    }
    try {
      if (why.empty()) return apply_edits(content, edits);
    } catch (const Error&) {
    }
    if (!previous)
      throw Error(ErrorKind::Stale, "Improvement is stale: " + quote_path(file.path) +
                                        " changed since it was created" + why);
    conflict(*previous, part, file.path,
             "the later one's edits do not rebase onto the earlier's" + why);
  }

  const Workspace& workspace_;
  StateStore& store_;
  const std::vector<Improvement>& all_;
  std::vector<FileParts> files_;
  TransactionUnits units_;  // an improvement per unit; those sharing a file merge
};

}  // namespace

std::string improvement_label(const Improvement& improvement) {
  return improvement.title.empty() ? improvement.id : improvement.id + ": " + improvement.title;
}

Improvement combine_improvements(const Workspace& workspace, StateStore& store,
                                 const std::vector<Improvement>& improvements) {
  return Combiner(workspace, store, improvements).run();
}

ExecutionResult execute_improvements(const Workspace& workspace, StateStore& store,
                                     const std::vector<Improvement>& improvements,
                                     const ExecuteOptions& options) {
  if (improvements.size() == 1)
    return execute_improvement(workspace, store, improvements.front(), options);
  Improvement combined = combine_improvements(workspace, store, improvements);
  std::vector<std::string> ids;
  for (const Improvement& improvement : improvements) ids.push_back(improvement.id);
  return execute_combined(workspace, store, combined, std::move(ids), options);
}

}  // namespace tars
