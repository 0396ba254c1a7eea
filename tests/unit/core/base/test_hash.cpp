#include <doctest/doctest.h>

#include "core/base/hash.h"

using namespace tars;

TEST_CASE("SHA-256 of bytes fed in pieces is the hash of the bytes joined") {
  CHECK(content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 pieces;
  pieces.update("a");
  pieces.update("");
  pieces.update("bc");
  CHECK(pieces.hex_digest() == content_hash("abc"));
  CHECK(Sha256().hex_digest() == content_hash(""));
}
