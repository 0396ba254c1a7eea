#include <doctest/doctest.h>

#include "core/validation/syntax_check.h"
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
