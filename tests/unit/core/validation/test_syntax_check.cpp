#include <doctest/doctest.h>

#include "core/validation/syntax_check.h"
#include "core/validation/validation_runner.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;
using tars::test::write;

TEST_CASE("file types") {
  CHECK(language_of("a/b.json") == "json");
  CHECK(language_of("x.py") == "python");
  CHECK(language_of("x.hpp") == "cpp");
  CHECK(language_of("x.c") == "c");
  CHECK(language_of("README") == "");
  CHECK(language_of("dir.d/file") == "");
}

TEST_CASE("JSON is checked in-process with the error position") {
  TempDir dir;
  SyntaxCheckResult ok = check_syntax("a.json", "{\"a\": [1, 2]}\n", dir / "a.json", {});
  CHECK(ok.checked);
  CHECK(ok.ok);
  SyntaxCheckResult bad = check_syntax("conf/a.json", "{\n  \"a\": 1,\n}\n", dir / "a.json", {});
  CHECK(bad.checked);
  CHECK_FALSE(bad.ok);
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].path == "conf/a.json");
  CHECK(bad.diagnostics[0].line == 3);
  // Found by the history replay: a fuzz regression file holding 1e999 failed the whole
  // execution with nlohmann's out_of_range, though it is valid JSON.
  SyntaxCheckResult huge = check_syntax("n.json", "{\"n\": 1e999}\n", dir / "n.json", {});
  CHECK(huge.checked);
  CHECK(huge.ok);
}

TEST_CASE("Python is parsed by python3 without running it") {
  TempDir dir;
  CHECK(check_syntax("ok.py", "import os\nos.remove('/nonexistent')\n", dir / "ok.py", {}).ok);
  SyntaxCheckResult bad = check_syntax("src/bad.py", "def f(:\n    pass\n", dir / "bad.py", {});
  CHECK(bad.checked);
  CHECK_FALSE(bad.ok);
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].path == "src/bad.py");
  CHECK(bad.diagnostics[0].line == 1);
}

TEST_CASE("a configured C++ checker runs the real compiler; C++ has none built in") {
  TempDir dir;
  write(dir / "a.cpp", "int main() { return missing; }\n");
  CHECK_FALSE(check_syntax("src/a.cpp", "", dir / "a.cpp", {}).checked);
  SyntaxCheckResult result =
      check_syntax("src/a.cpp", "", dir / "a.cpp", {{"cpp", {"g++", "-fsyntax-only"}}});
  CHECK(result.checked);
  CHECK_FALSE(result.ok);
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(result.diagnostics[0].path == "src/a.cpp");
  CHECK(result.diagnostics[0].line == 1);
  write(dir / "b.cpp", "int main() { return 0; }\n");
  CHECK(check_syntax("b.cpp", "", dir / "b.cpp", {{"cpp", {"g++", "-fsyntax-only"}}}).ok);
}

TEST_CASE("a checker taking {files} checks many files in one run, failing those named") {
  TempDir dir;
  write(dir / "src/a.cpp", "int main() { return missing; }\n");
  write(dir / "b.cpp", "int main() { return 0; }\n");
  std::vector<std::string> argv = {"g++", "-fsyntax-only", "{files}"};
  CHECK(takes_many_files(argv));
  CHECK_FALSE(takes_many_files({"g++", "-fsyntax-only"}));
  std::vector<SyntaxCheckResult> results =
      check_many_with(argv, dir.path(), {"src/a.cpp", "b.cpp"}, "gcc");
  REQUIRE(results.size() == 2);
  CHECK(results[0].checked);
  CHECK_FALSE(results[0].ok);
  REQUIRE_FALSE(results[0].diagnostics.empty());
  CHECK(results[0].diagnostics[0].path == "src/a.cpp");
  CHECK(results[1].checked);
  CHECK(results[1].ok);
}

TEST_CASE("a failed run of a {files} checker that names no file fails them all") {
  TempDir dir;
  write(dir / "a.c", "");
  write(dir / "b.c", "");
  std::vector<SyntaxCheckResult> results = check_many_with(
      {"sh", "-c", "echo broken; exit 1", "sh", "{files}"}, dir.path(), {"a.c", "b.c"}, "gcc");
  REQUIRE(results.size() == 2);
  for (const SyntaxCheckResult& result : results) {
    CHECK_FALSE(result.ok);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].message.find("broken") != std::string::npos);
  }
  CHECK(results[1].diagnostics[0].path == "b.c");
}

TEST_CASE("{files}: one run for the new versions, one for the earlier versions of failures") {
  tars::test::WorkspaceFixture fixture;
  TempDir scratch_dir, log_dir;
  std::string log = (log_dir / "runs").string();
  // Fails each file holding BAD, naming it as gcc would; logs each run's arguments.
  std::vector<std::string> argv = {
      "sh", "-c",
      "echo \"$*\" >>" + log +
          "; s=0; for f; do if grep -q BAD \"$f\"; then echo \"$f:1:1: error: bad\"; s=1; fi; "
          "done; exit $s",
      "sh", "{files}"};
  std::vector<SyntaxSubject> files = {{"src/ok.c", "fine", "fine"},
                                      {"src/broken.c", "BAD", "fine"},
                                      {"was_broken.c", "BAD", "BAD before"},
                                      {"new.c", "BAD", ""}};
  auto scratch = [&] { return DirHandle::open_path(scratch_dir.path()); };
  std::vector<ValidationRecord> records =
      check_files_syntax(fixture.workspace, argv, "c", files, scratch, true);
  REQUIRE(records.size() == 4);
  CHECK(records[0].status == ValidationStatus::Passed);
  CHECK(records[1].status == ValidationStatus::Failed);
  REQUIRE_FALSE(records[1].diagnostics.empty());
  CHECK(records[1].diagnostics[0].path == "src/broken.c");
  CHECK(records[2].status == ValidationStatus::Passed);  // invalid before the improvement
  CHECK(records[2].output.find("already invalid before") == 0);
  CHECK(records[3].status == ValidationStatus::Failed);  // a new file has no earlier version
  CHECK(tars::test::read(log_dir / "runs") ==
        "src/ok.c src/broken.c was_broken.c new.c\nsrc/broken.c was_broken.c\n");
}
