#include "core/store/improvement_catalog.h"

#include <algorithm>
#include <set>

#include "core/base/error.h"
#include "core/base/parallel.h"
#include "core/store/sqlite.h"

namespace tars {

namespace {

struct SummaryRow {
  std::string file;
  FileStamp stamp;
  std::int64_t recorded_at = 0;  // ns since the epoch
  Improvement summary;
  std::string problem;  // why the file could not be read ("" when it could)
  bool gone = false;    // removed while it was being listed
};

std::int64_t now_ns() {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

// kind, path and new path of every change, each ended by a NUL (which no path holds).
std::string pack_changes(const std::vector<FileChange>& changes) {
  std::string packed;
  for (const FileChange& change : changes)
    for (std::string_view field : {to_string(change.kind), std::string_view(change.path),
                                   std::string_view(change.new_path)}) {
      packed += field;
      packed += '\0';
    }
  return packed;
}

std::vector<FileChange> unpack_changes(std::string_view packed) {
  auto next = [&packed] {
    std::size_t end = packed.find('\0');
    std::string_view field = packed.substr(0, end);
    packed.remove_prefix(end + 1);
    return field;
  };
  std::vector<FileChange> changes(
      static_cast<std::size_t>(std::count(packed.begin(), packed.end(), '\0')) / 3);
  for (FileChange& change : changes) {
    change.kind = change_kind_from_string(next()).value_or(ChangeKind::Edit);
    change.path = next();
    change.new_path = next();
  }
  return changes;
}

FileStamp stamp_at(Statement& s, int column) {
  return {static_cast<std::uint64_t>(s.column_integer(column)),
          static_cast<std::uint64_t>(s.column_integer(column + 1)), s.column_integer(column + 2),
          s.column_integer(column + 3)};
}

bool trusted(const SummaryRow& row, const FileStamp& stamp) {
  std::int64_t last_change = std::max(stamp.modified_ns, stamp.changed_ns);
  return row.stamp == stamp && row.recorded_at - last_change >= racy_window(stamp).count();
}

// A file removed meanwhile leaves `gone` set.
SummaryRow summarise(const ImprovementStore& files, const DirHandle& dir, const std::string& file,
                     const FileStamp& stamp) {
  SummaryRow row{file, stamp, now_ns(), {}, ""};
  try {
    if (auto improvement = files.read(dir, file))
      row.summary = summary_of(*improvement);
    else
      row.gone = true;
  } catch (const Error& e) {
    row.problem = e.what();
  }
  return row;
}

}  // namespace

// The table's SQL; a friend of StateStore, like the store's own methods.
class ImprovementCatalog {
 public:
  explicit ImprovementCatalog(StateStore& store) : store_(store) {}

  // Sorted by file name; `expected`: about how many.
  std::vector<SummaryRow> rows(std::size_t expected) {
    std::lock_guard<std::recursive_mutex> lock(store_.mutex_);
    Statement& s = store_.statement(
        "SELECT file, inode, size, modified_ns, changed_ns, recorded_at, id, title, description, "
        "category, source, priority, created_at, changes, problem FROM improvement_summaries "
        "ORDER BY file");
    std::vector<SummaryRow> rows;
    rows.reserve(expected);
    while (s.step()) {
      SummaryRow row{s.column_text(0), stamp_at(s, 1), s.column_integer(5), {}, ""};
      Improvement& summary = row.summary;
      summary.id = s.column_text(6);
      summary.title = s.column_text(7);
      summary.description = s.column_text(8);
      summary.category = s.column_text(9);
      summary.source = s.column_text(10);
      summary.priority = static_cast<int>(s.column_integer(11));
      summary.created_at = s.column_text(12);
      summary.changes = unpack_changes(s.column_text(13));
      row.problem = s.column_text(14);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void record(const std::vector<SummaryRow>& fresh, const std::set<std::string>& gone) {
    store_.in_lazy_transaction([&] {
      for (const std::string& file : gone)
        store_.statement("DELETE FROM improvement_summaries WHERE file = ?").text(1, file).run();
      for (const SummaryRow& row : fresh)
        if (!row.gone) insert(row);
    });
  }

 private:
  void insert(const SummaryRow& row) {
    const Improvement& summary = row.summary;
    std::string changes = pack_changes(summary.changes);
    store_
        .statement(
            "INSERT OR REPLACE INTO improvement_summaries(file, inode, size, modified_ns, "
            "changed_ns, recorded_at, id, title, description, category, source, priority, "
            "created_at, changes, problem) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .text(1, row.file)
        .integer(2, static_cast<std::int64_t>(row.stamp.inode))
        .integer(3, static_cast<std::int64_t>(row.stamp.size))
        .integer(4, row.stamp.modified_ns)
        .integer(5, row.stamp.changed_ns)
        .integer(6, row.recorded_at)
        .text(7, summary.id)
        .text(8, summary.title)
        .text(9, summary.description)
        .text(10, summary.category)
        .text(11, summary.source)
        .integer(12, summary.priority)
        .text(13, summary.created_at)
        .blob(14, changes)
        .text(15, row.problem)
        .run();
  }

  StateStore& store_;
};

std::chrono::nanoseconds racy_window(const FileStamp& stamp) {
  constexpr std::int64_t kSecond = 1'000'000'000;
  bool whole_seconds = stamp.modified_ns % kSecond == 0 && stamp.changed_ns % kSecond == 0;
  return whole_seconds ? std::chrono::nanoseconds(2 * kSecond) : std::chrono::milliseconds(50);
}

Improvement summary_of(const Improvement& improvement) {
  Improvement summary = improvement;
  summary.diagnostics.clear();
  for (FileChange& change : summary.changes) {
    change.edits.clear();
    change.content.clear();
  }
  return summary;
}

namespace {

// Each file's kept summary, when it can be trusted; the rows of files that are gone
// into `gone`. Both lists are sorted by name: one walk pairs them.
std::vector<SummaryRow*> pair_up(const std::vector<ImprovementStore::File>& on_disk,
                                 std::vector<SummaryRow>& rows, std::set<std::string>& gone) {
  std::vector<SummaryRow*> kept(on_disk.size(), nullptr);
  auto row = rows.begin();
  for (std::size_t i = 0; i < on_disk.size(); ++i) {
    for (; row != rows.end() && row->file < on_disk[i].name; ++row) gone.insert(row->file);
    if (row == rows.end() || row->file != on_disk[i].name) continue;
    if (trusted(*row, on_disk[i].stamp)) kept[i] = &*row;
    ++row;
  }
  for (; row != rows.end(); ++row) gone.insert(row->file);
  return kept;
}

}  // namespace

ImprovementListing list_summaries(const ImprovementStore& files, StateStore& store) {
  std::optional<DirHandle> dir = files.directory();
  if (!dir) return {};  // no improvements yet
  ImprovementCatalog catalog(store);
  std::vector<ImprovementStore::File> on_disk = files.files(*dir);
  std::vector<SummaryRow> rows = catalog.rows(on_disk.size());
  std::set<std::string> gone;
  std::vector<SummaryRow*> kept = pair_up(on_disk, rows, gone);
  std::vector<std::size_t> unread;
  for (std::size_t i = 0; i < on_disk.size(); ++i)
    if (!kept[i]) unread.push_back(i);
  std::vector<SummaryRow> fresh(unread.size());
  parallel_for(unread.size(), default_thread_count(), [&](std::size_t k) {
    fresh[k] = summarise(files, *dir, on_disk[unread[k]].name, on_disk[unread[k]].stamp);
  });
  for (std::size_t k = 0; k < unread.size(); ++k) kept[unread[k]] = &fresh[k];

  if (!fresh.empty() || !gone.empty()) {
    try {
      catalog.record(fresh, gone);
    } catch (const Error&) {
      // a read-only store: the next listing reads these files again
    }
  }
  ImprovementListing listing;
  listing.improvements.reserve(on_disk.size());
  for (std::size_t i = 0; i < on_disk.size(); ++i) {
    if (kept[i]->gone) continue;
    if (kept[i]->problem.empty())
      listing.improvements.push_back(std::move(kept[i]->summary));
    else
      listing.problems.push_back({files.path_of(on_disk[i].name), kept[i]->problem});
  }
  sort_listing(listing);
  return listing;
}

}  // namespace tars
