#include <doctest/doctest.h>

#include <cstdlib>

#include "core/validation/python_syntax.h"
#include "core/validation/validation_runner.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;
using tars::test::write;

TEST_CASE("many files in one interpreter, each reported on its own, in order") {
  REQUIRE_FALSE(python_interpreter().empty());
  std::vector<SyntaxCheckResult> results = check_python_sources({
      {"a.py", "x = 1\n"},
      {"src/b.py", "def f(:\n    pass\n"},
      {"c.py", "return 5\n"},  // compile() finds what ast.parse alone does not
      {"d.py", std::string_view("x = 1\0", 6)},
      {"e.py", ""},
  });
  REQUIRE(results.size() == 5);
  CHECK(results[0].checked);
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  REQUIRE(results[1].diagnostics.size() == 1);
  CHECK(results[1].diagnostics[0].path == "src/b.py");
  CHECK(results[1].diagnostics[0].line == 1);
  CHECK(results[1].output.starts_with("src/b.py:1:"));
  CHECK_FALSE(results[2].ok);
  CHECK(results[2].diagnostics[0].message.find("outside function") != std::string::npos);
  CHECK_FALSE(results[3].ok);
  CHECK(results[4].ok);
  CHECK(check_python_sources({}).empty());
}

TEST_CASE("many megabytes are split between interpreters, about equal bytes each, in order") {
  std::string big(kPythonBatchBytes, '#'), small = "x = 1\n";
  std::vector<PythonSource> sources = {
      {"a.py", big}, {"b.py", small}, {"c.py", big}, {"d.py", big}, {"e.py", small}};
  CHECK(python_batches(sources, 1) == std::vector<std::size_t>{0});
  CHECK(python_batches(sources, 2) == std::vector<std::size_t>{0, 2});
  CHECK(python_batches(sources, 3) == std::vector<std::size_t>{0, 2, 3});
  CHECK(python_batches(sources, 16) == std::vector<std::size_t>{0, 2, 3});  // 1 MiB a batch
  CHECK(python_batches({{"a.py", small}, {"b.py", small}}, 2) == std::vector<std::size_t>{0});
  CHECK(python_batches({{"a.py", ""}, {"b.py", ""}}, 2) == std::vector<std::size_t>{0});

  // Each interpreter's results land at their sources' places.
  std::string valid;
  for (int i = 0; valid.size() < kPythonBatchBytes; ++i)
    valid += "def f" + std::to_string(i) + "(value):\n    return value * 2\n";
  std::vector<PythonSource> files = {{"1.py", valid},
                                     {"2.py", "def f(:\n"},
                                     {"3.py", valid},
                                     {"4.py", "x = (\n"},
                                     {"5.py", small}};
  REQUIRE(python_batches(files, 2).size() == 2);
  std::vector<SyntaxCheckResult> results = check_python_sources(files);
  REQUIRE(results.size() == 5);
  for (const SyntaxCheckResult& result : results) CHECK(result.checked);
  CHECK(results[0].ok);
  CHECK(results[1].diagnostics.at(0).path == "2.py");
  CHECK(results[2].ok);
  CHECK(results[3].diagnostics.at(0).path == "4.py");
  CHECK(results[4].ok);
}

TEST_CASE("the code is compiled, never run, and nothing of the caller's directory is imported") {
  TempDir dir;
  std::string marker = (dir / "ran").string();
  std::string plant = "open('" + marker + "', 'w').write('x')\n";
  for (const char* module : {"ast.py", "warnings.py", "sitecustomize.py", "encodings.py"})
    write(dir / module, plant);
  fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  setenv("PYTHONPATH", dir.path().c_str(), 1);
  setenv("PYTHONSTARTUP", (dir / "ast.py").c_str(), 1);
  std::vector<SyntaxCheckResult> results = check_python_sources({{"x.py", plant}});
  unsetenv("PYTHONPATH");
  unsetenv("PYTHONSTARTUP");
  fs::current_path(cwd);
  REQUIRE(results.size() == 1);
  CHECK(results[0].ok);
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("a file that was invalid before the improvement does not fail") {
  std::string broken = "def f(:\n";
  std::vector<ValidationRecord> records = check_python_syntax({{"old.py", broken, broken},
                                                               {"new.py", broken, "x = 1\n"},
                                                               {"fresh.py", broken, ""},
                                                               {"fine.py", "y = 2\n", broken}},
                                                              true);
  REQUIRE(records.size() == 4);
  CHECK(records[0].status == ValidationStatus::Passed);
  CHECK(records[0].output.starts_with("already invalid before the improvement"));
  CHECK(records[0].diagnostics[0].severity == "warning");
  CHECK(records[1].status == ValidationStatus::Failed);
  CHECK(records[2].status == ValidationStatus::Failed);
  CHECK(records[3].status == ValidationStatus::Passed);
  CHECK(records[3].phase == "before-write");
  CHECK(records[1].name == "syntax:new.py");
}
