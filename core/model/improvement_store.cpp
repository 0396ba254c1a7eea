#include "core/model/improvement_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <numeric>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/quote.h"

namespace tars {

ImprovementStore::ImprovementStore(const Workspace& workspace) : workspace_(workspace) {}

namespace {

constexpr const char* kDirectory = "improvements";

bool plausible_id(const std::string& id) {
  return !id.empty() && id.find('/') == std::string::npos && id.find('\0') == std::string::npos &&
         id[0] != '.';
}

std::string origin_of(const std::string& file) {
  return std::string(StateDir::kName) + "/" + kDirectory + "/" + file;
}

}  // namespace

std::optional<DirHandle> ImprovementStore::directory() const {
  auto state = workspace_.state();
  return state ? state->find_dir(kDirectory) : std::nullopt;
}

ImprovementListing ImprovementStore::list() const {
  ImprovementListing listing;
  std::optional<DirHandle> dir = directory();
  if (!dir) return listing;  // no improvements yet
  for (const File& file : files(*dir)) {
    try {
      if (auto improvement = read(*dir, file.name))
        listing.improvements.push_back(std::move(*improvement));
    } catch (const Error& e) {
      listing.problems.push_back({path_of(file.name), e.what()});
    }
  }
  sort_listing(listing);
  return listing;
}

namespace {

FileStamp stamp_of(const struct stat& info) {
  auto ns = [](const timespec& at) { return std::int64_t{at.tv_sec} * 1'000'000'000 + at.tv_nsec; };
  return {info.st_ino, static_cast<std::uint64_t>(info.st_size), ns(info.st_mtim),
          ns(info.st_ctim)};
}

}  // namespace

// lstat, through the directory's handle. A symlink, FIFO or directory is listed too:
// read() refuses it, and the listing names it.
std::vector<ImprovementStore::File> ImprovementStore::files(const DirHandle& dir) const {
  std::vector<File> files;
  for (std::string& name : dir.entries()) {
    if (!name.ends_with(".json") || name.starts_with(".")) continue;
    std::optional<struct stat> info = dir.stat(name);
    if (!info) continue;  // removed meanwhile
    files.push_back({std::move(name), stamp_of(*info)});
  }
  std::sort(files.begin(), files.end(),
            [](const File& a, const File& b) { return a.name < b.name; });
  return files;
}

std::optional<Improvement> ImprovementStore::read(const DirHandle& dir,
                                                  const std::string& file) const {
  std::string origin = origin_of(file);
  auto text = dir.read(file);
  if (!text) return std::nullopt;  // removed meanwhile
  Improvement improvement = improvement_from_json(*text, quote_path(origin));
  if (improvement.id + ".json" != file)
    throw Error(ErrorKind::BadInput, quote_path(origin) + ": its id " + quote_path(improvement.id) +
                                         " does not match the file name");
  return improvement;
}

std::filesystem::path ImprovementStore::path_of(const std::string& file) const {
  return workspace_.improvements_dir() / file;
}

// Sorts positions, then moves each improvement once: swapping whole improvements cost
// a listing of 1,000 a seventh of its instructions.
void sort_listing(ImprovementListing& listing) {
  std::vector<Improvement>& items = listing.improvements;
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    const Improvement& a = items[i];
    const Improvement& b = items[j];
    return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
  });
  std::vector<Improvement> sorted;
  sorted.reserve(items.size());
  for (std::size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

Improvement ImprovementStore::load(const std::string& id) const {
  std::optional<DirHandle> dir = plausible_id(id) ? directory() : std::nullopt;
  std::string origin = quote_path(origin_of(id + ".json"));
  std::optional<std::string> text;
  try {
    text = dir ? dir->read(id + ".json") : std::nullopt;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Io) throw;
    throw Error(ErrorKind::BadInput, e.what());  // a FIFO, a device, a symlink: not an improvement
  }
  if (!text) throw Error(ErrorKind::NotFound, "Improvement not found: " + quote_path(id));
  return improvement_from_json(*text, origin);
}

void ImprovementStore::save(const Improvement& improvement) const {
  save_all({&improvement, 1});
}

void ImprovementStore::save_all(std::span<const Improvement> improvements) const {
  for (const Improvement& improvement : improvements)
    if (!plausible_id(improvement.id))
      throw Error(ErrorKind::BadInput,
                  "Improvement id " + quote_path(improvement.id) + " cannot name a file");
  if (improvements.empty()) return;
  DirHandle dir = workspace_.ensure_state_dir().make_dir(kDirectory);
  std::vector<std::string> temps;
  try {
    for (const Improvement& improvement : improvements)
      temps.push_back(
          dir.write_temp(improvement.id + ".json", improvement_to_json(improvement), 0644, true));
  } catch (const Error&) {
    for (const std::string& temp : temps) dir.remove(temp);
    throw;
  }
  for (std::size_t i = 0; i < temps.size(); ++i)
    dir.rename(temps[i], dir, improvements[i].id + ".json");
  dir.fsync();
}

void ImprovementStore::remove(const std::string& id) const {
  std::optional<DirHandle> dir = plausible_id(id) ? directory() : std::nullopt;
  if (dir && dir->remove(id + ".json")) dir->fsync();
}

namespace {

// std::to_string's digits, without allocating.
class Decimal {
 public:
  explicit Decimal(std::size_t value) {
    end_ = std::to_chars(digits_, digits_ + sizeof digits_, value).ptr;
  }
  std::string_view view() const { return {digits_, static_cast<std::size_t>(end_ - digits_)}; }

 private:
  char digits_[24];
  char* end_;
};

// Length-prefixed, so no two different change lists serialise alike. The serialisation
// is hashed as it is produced, never held whole (it is as large as all the edits).
class CanonicalHash {
 public:
  void field(std::string_view text) {
    hash_.update(Decimal(text.size()).view());
    hash_.update(":");
    hash_.update(text);
  }
  void number(std::size_t value) { field(Decimal(value).view()); }
  std::string hex_digest() { return hash_.hex_digest(); }

 private:
  Sha256 hash_;
};

}  // namespace

std::string improvement_id_for(const Improvement& improvement) {
  CanonicalHash canonical;
  for (const FileChange& change : improvement.changes) {
    canonical.field(to_string(change.kind));
    canonical.field(change.path);
    canonical.field(change.new_path);
    canonical.field(change.base_hash);
    canonical.field(change.content);
    for (const TextEdit& edit : change.edits) {
      canonical.number(edit.offset);
      canonical.field(edit.old_text);
      canonical.field(edit.new_text);
    }
  }
  return "imp-" + canonical.hex_digest().substr(0, 10);
}

}  // namespace tars
