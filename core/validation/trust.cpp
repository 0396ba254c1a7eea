#include "core/validation/trust.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/base/file_io.h"

namespace tars {

using nlohmann::json;

std::filesystem::path default_trust_file() {
  if (const char* file = std::getenv("TARS_TRUST_FILE"); file && *file) return file;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    return std::filesystem::path(config) / "tars" / "trusted.json";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".config" / "tars" / "trusted.json";
}

TrustStore::TrustStore(std::filesystem::path file) : file_(std::move(file)) {}

namespace {

// A missing or corrupt file trusts nothing (and is rewritten by the next trust()).
json load(const std::filesystem::path& file) {
  auto text = read_file_if_exists(file);
  if (!text) return json::object();
  json root = json::parse(*text, nullptr, false);
  if (!root.is_object() || !root.contains("trusted") || !root["trusted"].is_object())
    return json::object();
  return root["trusted"];
}

std::string key_of(const std::filesystem::path& root) {
  std::error_code error;
  auto canonical = std::filesystem::canonical(root, error);
  return (error ? root : canonical).string();
}

}  // namespace

bool TrustStore::is_trusted(const std::filesystem::path& root,
                            const std::string& config_hash) const {
  json trusted = load(file_);
  auto it = trusted.find(key_of(root));
  return it != trusted.end() && it->is_string() && it->get<std::string>() == config_hash;
}

void TrustStore::trust(const std::filesystem::path& root, const std::string& config_hash) {
  json trusted = load(file_);
  trusted[key_of(root)] = config_hash;
  json out = {{"version", 1}, {"trusted", trusted}};
  std::error_code error;
  std::filesystem::create_directories(file_.parent_path(), error);
  if (error)
    throw Error(ErrorKind::Io,
                "Cannot create " + file_.parent_path().string() + ": " + error.message());
  write_file_atomic(file_, out.dump(2) + "\n", 0600);
}

}  // namespace tars
