#include "core/model/improvement_store.h"

#include <algorithm>
#include <charconv>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"

namespace tars {

ImprovementStore::ImprovementStore(const Workspace& workspace) : workspace_(workspace) {}

std::filesystem::path ImprovementStore::file_for(const std::string& id) const {
  return workspace_.improvements_dir() / (id + ".json");
}

namespace {

bool plausible_id(const std::string& id) {
  return !id.empty() && id.find('/') == std::string::npos && id.find('\0') == std::string::npos &&
         id[0] != '.';
}

}  // namespace

ImprovementListing ImprovementStore::list() const {
  ImprovementListing listing;
  std::error_code error;
  std::filesystem::directory_iterator it(workspace_.improvements_dir(), error);
  if (error) return listing;  // no improvements yet
  for (const auto& entry : it) {
    if (entry.path().extension() != ".json" || !entry.is_regular_file()) continue;
    std::string origin = workspace_.relative(entry.path());
    try {
      Improvement improvement = improvement_from_json(read_file(entry.path()), origin);
      if (improvement.id + ".json" != entry.path().filename().string())
        throw Error(ErrorKind::BadInput,
                    origin + ": its id '" + improvement.id + "' does not match the file name");
      listing.improvements.push_back(std::move(improvement));
    } catch (const Error& e) {
      listing.problems.push_back({entry.path(), e.what()});
    }
  }
  std::sort(listing.improvements.begin(), listing.improvements.end(),
            [](const auto& a, const auto& b) {
              return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
            });
  return listing;
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
