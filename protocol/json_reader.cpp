#include "protocol/json_reader.h"

namespace tars::protocol {

void Field::fail(const std::string& what) const {
  throw RpcError(error_code::kInvalidParams, path_ + " " + what);
}

bool Field::has(const char* key) const {
  if (!value_->is_object()) return false;
  auto it = value_->find(key);
  return it != value_->end() && !it->is_null();
}

Field Field::at(const char* key) const {
  if (!value_->is_object()) fail("must be an object");
  auto it = value_->find(key);
  if (it == value_->end())
    throw RpcError(error_code::kInvalidParams, path_ + "." + key + " is required");
  return Field(*it, path_ + "." + key);
}

Field Field::at(std::size_t index) const {
  return Field(value_->at(index), path_ + "[" + std::to_string(index) + "]");
}

void from_json(const Field& field, std::string& out) {
  if (!field.value().is_string()) field.fail("must be a string");
  out = field.value().get<std::string>();
}

void from_json(const Field& field, std::int64_t& out) {
  if (!field.value().is_number_integer()) field.fail("must be an integer");
  out = field.value().get<std::int64_t>();
}

void from_json(const Field& field, bool& out) {
  if (!field.value().is_boolean()) field.fail("must be a boolean");
  out = field.value().get<bool>();
}

void from_json(const Field& field, json& out) {
  out = field.value();
}

}  // namespace tars::protocol
