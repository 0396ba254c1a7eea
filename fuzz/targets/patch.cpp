// Unified diffs and git patches: the parser's promises about what it returns, then the
// importer against a real workspace.
#include <cstdlib>

#include "core/base/error.h"
#include "core/diff/patch_parser.h"
#include "core/importers/formats.h"
#include "fuzz/fuzz_support.h"

namespace {

// A hunk holds exactly the lines its header counts.
void check_hunk(const tars::Hunk& hunk) {
  int old_lines = 0, new_lines = 0;
  for (const tars::HunkLine& line : hunk.lines) {
    if (line.kind != '+') ++old_lines;
    if (line.kind != '-') ++new_lines;
  }
  if (old_lines != hunk.old_count || new_lines != hunk.new_count)
    tars::fuzz::failure("the hunk at line " + std::to_string(hunk.source_line) + " has " +
                        std::to_string(old_lines) + "/" + std::to_string(new_lines) +
                        " lines, its header says " + std::to_string(hunk.old_count) + "/" +
                        std::to_string(hunk.new_count));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("TARS_THREADS", "1", 1);  // the importer's files one after the other
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view input = tars::fuzz::text(data, size);
  try {
    for (const tars::FilePatch& file : tars::parse_patch(input, "fuzz.patch").files)
      for (const tars::Hunk& hunk : file.hunks) check_hunk(hunk);
  } catch (const tars::Error& e) {
    if (e.kind() != tars::ErrorKind::BadInput) tars::fuzz::failure(e.what());
    return 0;
  }
  // A path outside the workspace is refused as the plan would refuse it (exit 4).
  tars::fuzz::check_import(tars::patch_importer(), input, "fuzz.patch",
                           {tars::ErrorKind::BadInput, tars::ErrorKind::PlanInvalid});
  return 0;
}
