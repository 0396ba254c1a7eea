#include "core/model/improvement_store.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"

namespace tars {

ImprovementStore::ImprovementStore(const Workspace& workspace)
    : workspace_(workspace), directory_(workspace_.improvements_dir().native() + "/") {}

std::filesystem::path ImprovementStore::file_for(const std::string& id) const {
  return path_of(id + ".json");
}

namespace {

bool plausible_id(const std::string& id) {
  return !id.empty() && id.find('/') == std::string::npos && id.find('\0') == std::string::npos &&
         id[0] != '.';
}

}  // namespace

ImprovementListing ImprovementStore::list() const {
  ImprovementListing listing;
  for (const File& file : files()) {
    try {
      listing.improvements.push_back(read(file.name));
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

std::vector<ImprovementStore::File> ImprovementStore::files() const {
  std::vector<File> files;
  DIR* dir = ::opendir(directory_.c_str());
  if (!dir) return files;  // no improvements yet
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    struct stat info {};
    if (!name.ends_with(".json") || ::fstatat(::dirfd(dir), entry->d_name, &info, 0) != 0 ||
        !S_ISREG(info.st_mode))
      continue;
    files.push_back({std::string(name), stamp_of(info)});
  }
  ::closedir(dir);
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.name < b.name; });
  return files;
}

Improvement ImprovementStore::read(const std::string& file) const {
  std::string origin = workspace_.relative(path_of(file));
  Improvement improvement = improvement_from_json(read_file(path_of(file)), origin);
  if (improvement.id + ".json" != file)
    throw Error(ErrorKind::BadInput,
                origin + ": its id '" + improvement.id + "' does not match the file name");
  return improvement;
}

std::filesystem::path ImprovementStore::path_of(const std::string& file) const {
  return workspace_.improvements_dir() / file;
}

void sort_listing(ImprovementListing& listing) {
  std::sort(listing.improvements.begin(), listing.improvements.end(),
            [](const auto& a, const auto& b) {
              return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
            });
}

Improvement ImprovementStore::load(const std::string& id) const {
  std::filesystem::path file = file_for(id);
  auto text = plausible_id(id) ? read_file_if_exists(file) : std::nullopt;
  if (!text) throw Error(ErrorKind::NotFound, "Improvement not found: " + id);
  return improvement_from_json(*text, workspace_.relative(file));
}

void ImprovementStore::save(const Improvement& improvement) const {
  workspace_.ensure_state_dir();
  write_file_atomic(file_for(improvement.id), improvement_to_json(improvement), 0644);
}

void ImprovementStore::remove(const std::string& id) const {
  if (plausible_id(id)) remove_file_durable(file_for(id));
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
