#pragma once
// What reading a value as T (protocol::parse, path "params") fails with: InvalidParams
// and the message naming the field's path.
#include <doctest/doctest.h>

#include <string>

#include "protocol/json_reader.h"

namespace tars::test {

template <class T>
std::string error_reading(const protocol::json& value) {
  try {
    protocol::parse<T>(value, "params");
  } catch (const protocol::RpcError& e) {
    CHECK(e.code() == protocol::error_code::kInvalidParams);
    return e.what();
  }
  FAIL("expected InvalidParams");
  return "";
}

}  // namespace tars::test
