#pragma once
// The one way to read JSON into typed values (clangd's fromJSON with a json::Path): a Field
// is a value with the path it was reached by, and `from_json(field, out)` throws
// RpcError(InvalidParams) naming that path when the value has the wrong type, e.g.
// "params.textDocument.uri must be a string" or "params.range is required".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/jsonrpc.h"

namespace tars::protocol {

class Field {
 public:
  Field(const json& value, std::string path) : value_(&value), path_(std::move(path)) {}
  const json& value() const { return *value_; }
  const std::string& path() const { return path_; }

  bool has(const char* key) const;  // an object holding `key`, not null
  Field at(const char* key) const;  // must be an object holding `key`
  Field at(std::size_t index) const;
  [[noreturn]] void fail(const std::string& what) const;  // "<path> <what>"

  template <class T>
  T as() const;
  template <class T>
  void required(const char* key, T& out) const;
  template <class T>
  void optional(const char* key, T& out) const;  // left as it is when absent or null
  // Capabilities and options vary between clients: a field of another type keeps the default.
  template <class T>
  void lenient(const char* key, T& out) const;

 private:
  const json* value_;
  std::string path_;
};

void from_json(const Field& field, std::string& out);
void from_json(const Field& field, std::int64_t& out);
void from_json(const Field& field, bool& out);
void from_json(const Field& field, json& out);  // any value, as it is

template <class T>
void from_json(const Field& field, std::vector<T>& out) {
  if (!field.value().is_array()) field.fail("must be an array");
  out.clear();
  for (std::size_t i = 0; i < field.value().size(); ++i) out.push_back(field.at(i).as<T>());
}

template <class T>
void from_json(const Field& field, std::optional<T>& out) {
  out = field.value().is_null() ? std::nullopt : std::optional<T>(field.as<T>());
}

template <class T>
T Field::as() const {
  T out{};
  from_json(*this, out);
  return out;
}

template <class T>
void Field::required(const char* key, T& out) const {
  from_json(at(key), out);
}

template <class T>
void Field::optional(const char* key, T& out) const {
  if (has(key)) from_json(at(key), out);
}

template <class T>
void Field::lenient(const char* key, T& out) const {
  if (!has(key)) return;
  try {
    out = at(key).as<T>();
  } catch (const RpcError&) {
    // another type: the default stands
  }
}

// Reads a whole message part: parse<CodeActionParams>(params, "params").
template <class T>
T parse(const json& value, std::string path) {
  return Field(value, std::move(path)).as<T>();
}

}  // namespace tars::protocol
