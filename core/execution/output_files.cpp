#include "core/execution/output_files.h"

#include <cctype>

#include <nlohmann/json.hpp>
#include "core/base/file_io.h"

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

void write_output_files(const Workspace& workspace, StateStore& store,
                        const std::string& context_id, const std::string& output_dir) {
  fs::path dir = fs::absolute(output_dir);
  fs::create_directories(dir / "validation");
  ContextDetail detail = load_context_detail(store, context_id);
  write_file_atomic(dir / "report.json", json_text(context_detail_json(detail, true)));
  write_file_atomic(dir / "changes.patch",
                    changes_patch(review_context(workspace, store, context_id)));
  for (const ValidationRecord& record : detail.validations)
    write_file_atomic(dir / "validation" / log_file_name(record.name),
                      std::string(to_string(record.status)) + "\n" + record.output);
}

}  // namespace tars
