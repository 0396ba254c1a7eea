#include "fuzz/fuzz_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/base/error.h"
#include "core/model/improvement.h"

namespace tars::fuzz {

namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class TempWorkspace {
 public:
  TempWorkspace() {
    std::string pattern = (fs::temp_directory_path() / "tars-fuzz-ws-XXXXXX").string();
    if (!mkdtemp(pattern.data())) failure("cannot create the fuzz workspace");
    root_ = fs::canonical(pattern);
    write(root_ / "a.cpp", "int *p = 0;\nint main() { return p == NULL; }\n");
    write(root_ / "b.py", "x = 1\r\ny = 2\r\nz = 3\r\n");
    write(root_ / "u.txt",
          "\xEF\xBB\xBF"
          "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\nend\n");
    write(root_ / "src/c.h", "#define N 1\nint f(int);\n");
    write(root_ / "empty.txt", "");
    fs::create_directories(root_ / "dir");
    workspace_ = std::make_unique<Workspace>(root_);
  }
  ~TempWorkspace() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  const Workspace& get() const { return *workspace_; }

 private:
  fs::path root_;
  std::unique_ptr<Workspace> workspace_;
};

std::string describe(const Improvement& improvement) {
  return improvement.id + " (" + improvement.title + ")";
}

void check_edits(const ImportResult& result, const Improvement& improvement) {
  for (const FileChange& change : improvement.changes) {
    if (change.edits.empty()) continue;
    auto base = result.base_contents.find(change.base_hash);
    if (base == result.base_contents.end())
      failure(describe(improvement) + ": no base content for " + change.path);
    try {
      apply_edits(base->second, change.edits);
    } catch (const Error& e) {
      failure(describe(improvement) + ": its edits of " + change.path +
              " do not apply to their base: " + e.what());
    }
  }
}

void check_round_trip(const Improvement& improvement) {
  std::string json = improvement_to_json(improvement);
  std::string again;
  try {
    again = improvement_to_json(improvement_from_json(json, "round-trip.json"));
  } catch (const Error& e) {
    failure(describe(improvement) + ": its own JSON does not read back: " + e.what());
  }
  if (again != json) failure(describe(improvement) + ": its JSON changes when read back");
}

}  // namespace

const Workspace& workspace() {
  static const TempWorkspace instance;
  return instance.get();
}

void failure(const std::string& what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

void check_import(const Importer& importer, std::string_view input, const std::string& origin,
                  std::initializer_list<ErrorKind> expected) {
  ImportResult result;
  try {
    result = importer.import({std::string(input), origin, ""}, workspace());
  } catch (const Error& e) {
    if (std::find(expected.begin(), expected.end(), e.kind()) != expected.end()) return;
    failure("a bad input failed with an unexpected kind of error: " + std::string(e.what()));
  }
  for (const Improvement& improvement : result.improvements) {
    check_edits(result, improvement);
    check_round_trip(improvement);
  }
}

}  // namespace tars::fuzz
