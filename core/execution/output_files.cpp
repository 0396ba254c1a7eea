#include "core/execution/output_files.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "core/base/dir_handle.h"

#include "core/execution/context_report.h"
#include "core/execution/review.h"

namespace tars {

namespace {

std::string log_file_name(const std::string& validation_name) {
  std::string name;
  for (char c : validation_name)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return name + ".log";
}

}  // namespace

// The directory is the person's choice (symlinks on the way to it are theirs); what
// TARS makes inside it goes through handles, so a symlink planted there (validation/ ->
// elsewhere) is refused, and files are replaced, never written through.
void write_output_files(const Workspace& workspace, StateStore& store,
                        const std::string& context_id, const std::string& output_dir) {
  fs::path path = fs::absolute(output_dir);
  fs::create_directories(path);
  DirHandle dir = DirHandle::open_path(path);
  DirHandle logs = dir.make_dir("validation");
  ContextDetail detail = load_context_detail(store, context_id);
  dir.write_atomic("report.json", json_text(context_detail_json(detail, true)), 0644);
  dir.write_atomic("changes.patch", changes_patch(review_context(workspace, store, context_id)),
                   0644);
  for (const ValidationRecord& record : detail.validations)
    logs.write_atomic(log_file_name(record.name),
                      std::string(to_string(record.status)) + "\n" + record.output, 0644);
}

}  // namespace tars
