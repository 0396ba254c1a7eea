#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/base/subprocess.h"
#include "core/validation/output_matcher.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;
using tars::test::write;

TEST_CASE("gcc output from the real compiler") {
  TempDir dir;
  Workspace workspace(dir.path());
  write(dir / "src/bad.cpp", "int main() {\n  int unused;\n  return missing;\n}\n");
  ProcessOptions options;
  options.cwd = dir.path();
  ProcessResult result = run_process({"g++", "-Wall", "-fsyntax-only", "src/bad.cpp"}, options);
  REQUIRE(result.exit_code != 0);
  auto diagnostics = match_output("gcc", result.output, workspace, dir.path());
  REQUIRE(diagnostics.size() >= 2);
  bool found_error = false, found_warning = false;
  for (const auto& d : diagnostics) {
    CHECK(d.path == "src/bad.cpp");
    if (d.severity == "error" && d.line == 3 && d.message.find("missing") != std::string::npos)
      found_error = true;
    if (d.severity == "warning" && d.line == 2 && d.code == "-Wunused-variable")
      found_warning = true;
  }
  CHECK(found_error);
  CHECK(found_warning);
}

TEST_CASE("msvc lines") {
  TempDir dir;
  Workspace workspace(dir.path());
  auto diagnostics = match_output("msvc",
                                  "src\\a.cpp(12,5): error C2065: 'x': undeclared identifier\n"
                                  "b.cpp(3): warning C4101: 'y': unreferenced local variable\n",
                                  workspace, dir.path());
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].line == 12);
  CHECK(diagnostics[0].column == 5);
  CHECK(diagnostics[0].code == "C2065");
  CHECK(diagnostics[1].severity == "warning");
}

TEST_CASE("python tracebacks from a real failing unittest point at the test file") {
  TempDir dir;
  Workspace workspace(dir.path());
  write(dir / "test_x.py",
        "import unittest\n\nclass T(unittest.TestCase):\n    def test_a(self):\n        "
        "self.assertEqual(1, 2)\n\n"
        "    def test_b(self):\n        raise ValueError('bad value')\n\nunittest.main()\n");
  ProcessOptions options;
  options.cwd = dir.path();
  ProcessResult result = run_process({"python3", "test_x.py"}, options);
  REQUIRE(result.exit_code != 0);
  auto diagnostics = match_output("python", result.output, workspace, dir.path());
  REQUIRE(diagnostics.size() == 2);
  for (const auto& d : diagnostics) CHECK(d.path == "test_x.py");
  std::vector<std::string> messages = {diagnostics[0].message, diagnostics[1].message};
  std::sort(messages.begin(), messages.end());
  CHECK(messages[0].find("AssertionError: 1 != 2") == 0);
  CHECK(messages[1] == "ValueError: bad value");
}

TEST_CASE("generic file:line[:col]: message") {
  TempDir dir;
  Workspace workspace(dir.path());
  auto diagnostics =
      match_output("generic",
                   "checking...\nsrc/a.py:3:7: warning: too long\nlib/b.js:10: error: nope\n"
                   "not a match: 12\n" +
                       (dir / "c.txt").string() + ":1: x\n",
                   workspace, dir.path());
  REQUIRE(diagnostics.size() == 3);
  CHECK(diagnostics[0].path == "src/a.py");
  CHECK(diagnostics[0].column == 7);
  CHECK(diagnostics[0].severity == "warning");
  CHECK(diagnostics[0].message == "too long");
  CHECK(diagnostics[1].line == 10);
  CHECK(diagnostics[2].path == "c.txt");  // absolute paths inside become relative
  CHECK(match_output("none", "a.c:1: x", workspace, dir.path()).empty());
}

TEST_CASE("matchers survive arbitrary bytes") {
  TempDir dir;
  Workspace workspace(dir.path());
  std::mt19937 random(42);
  for (int round = 0; round < 50; ++round) {
    std::string noise;
    for (int i = 0; i < 2000; ++i) noise += static_cast<char>(random() % 256);
    noise += "\n" + std::string(10000, 'y') + ":1: long line\n";
    for (const char* matcher : {"gcc", "msvc", "python", "generic"})
      match_output(matcher, noise, workspace, dir.path());
  }
  CHECK(is_known_matcher("gcc"));
  CHECK_FALSE(is_known_matcher("eslint"));
}
