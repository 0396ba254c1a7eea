#include <doctest/doctest.h>

#include "core/base/quote.h"

using namespace tars;

TEST_CASE("paths are quoted as git quotes them, and only when they need it") {
  CHECK(quote_path("src/a.cpp") == "src/a.cpp");
  CHECK(quote_path(std::string("a\0b", 3)) == "\"a\\000b\"");
  CHECK(quote_path("tab\there") == "\"tab\\there\"");
  CHECK(quote_path("\x1b[31mred") == "\"\\033[31mred\"");
  CHECK(quote_path("caf\xc3\xa9") == "\"caf\\303\\251\"");
  CHECK(quote_path("quote\"back\\slash") == "\"quote\\\"back\\\\slash\"");
}

TEST_CASE("printable keeps newlines and tabs and escapes other control characters") {
  CHECK(printable("line\n\tnext") == "line\n\tnext");
  CHECK(printable("bell\a esc\x1b del\x7f") == "bell\\007 esc\\033 del\\177");
  CHECK(printable(std::string("nul\0end", 7)) == "nul\\000end");
  CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");
}
