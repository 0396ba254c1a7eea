#include <doctest/doctest.h>

#include "core/base/join.h"

using namespace tars;

TEST_CASE("words joined with a separator") {
  CHECK(join({}) == "");
  CHECK(join({"a"}) == "a");
  CHECK(join({"a", "b", "c"}) == "a, b, c");
  CHECK(join({"imp-1", "imp-2"}, " ") == "imp-1 imp-2");
  CHECK(join({"", "b"}) == "b");  // as the loops it replaced: nothing before the first word
}
