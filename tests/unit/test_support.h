#pragma once
// Helpers shared by the unit tests: a temporary directory removed on scope exit and
// small file helpers.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/base/error.h"
#include "core/base/workspace.h"

namespace tars::test {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tars-test-XXXXXX").string();
    path_ = fs::canonical(mkdtemp(pattern.data()));
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& relative) const { return path_ / relative; }

 private:
  fs::path path_;
};

inline void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

inline std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A temporary workspace, with a trust file of its own (tests never touch the user's).
struct WorkspaceFixture {
  TempDir dir;
  Workspace workspace{dir.path()};
  TempDir trust_dir;

  WorkspaceFixture() { setenv("TARS_TRUST_FILE", (trust_dir / "trusted.json").c_str(), 1); }
};

// Runs fn, which must throw tars::Error of `kind`; returns the error's message.
template <typename Fn>
std::string error_message(Fn&& fn, ErrorKind kind) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    return e.what();
  }
  FAIL("expected an error");
  return "";
}

}  // namespace tars::test
