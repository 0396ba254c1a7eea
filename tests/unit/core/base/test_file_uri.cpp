#include <doctest/doctest.h>

#include "core/base/file_uri.h"

using namespace tars;

TEST_CASE("file URIs decode to paths; other schemes and remote hosts do not") {
  CHECK(path_of_uri("file:///src/caf%C3%A9%20x.cpp") == "/src/caf\xc3\xa9 x.cpp");
  CHECK(path_of_uri("file://localhost/a/b") == "/a/b");
  CHECK(path_of_uri("src/a%2Bb.cpp") == "src/a+b.cpp");  // a relative reference
  CHECK(path_of_uri("file:///a%zz") == "/a%zz");         // not an escape: kept as written
  CHECK_FALSE(path_of_uri("file://host/a"));
  CHECK_FALSE(path_of_uri("https://example.com/a"));
}

TEST_CASE("paths encode to file URIs that decode back") {
  std::string path = "/w s/caf\xc3\xa9/a+b#1%.cpp";
  std::string uri = uri_of_path(path);
  CHECK(uri == "file:///w%20s/caf%C3%A9/a%2Bb%231%25.cpp");
  CHECK(path_of_uri(uri) == path);
}
