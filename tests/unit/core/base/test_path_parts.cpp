#include <doctest/doctest.h>

#include "core/base/path_parts.h"

using namespace tars;

TEST_CASE("a relative path's directory and last component") {
  CHECK(parent_of("a/b/c.txt") == "a/b");
  CHECK(parent_of("c.txt") == "");
  CHECK(parent_of("") == "");
  CHECK(file_name_of("a/b/c.txt") == "c.txt");
  CHECK(file_name_of("c.txt") == "c.txt");
  CHECK(file_name_of("a/") == "");
}
