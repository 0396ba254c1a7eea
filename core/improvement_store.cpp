#include "core/improvement_store.h"

#include <algorithm>

#include "core/error.h"
#include "core/file_io.h"
#include "core/hash.h"

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

// Length-prefixed, so no two different change lists serialise alike.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

}  // namespace

std::string improvement_id_for(const Improvement& improvement) {
  std::string canonical;
  for (const FileChange& change : improvement.changes) {
    append_field(canonical, to_string(change.kind));
    append_field(canonical, change.path);
    append_field(canonical, change.new_path);
    append_field(canonical, change.base_hash);
    append_field(canonical, change.content);
    for (const TextEdit& edit : change.edits) {
      append_field(canonical, std::to_string(edit.offset));
      append_field(canonical, edit.old_text);
      append_field(canonical, edit.new_text);
    }
  }
  return "imp-" + content_hash(canonical).substr(0, 10);
}

}  // namespace tars
