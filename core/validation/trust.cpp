#include "core/validation/trust.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/state_dir.h"

namespace tars {

using nlohmann::json;

namespace {

// $HOME, else the account's home directory: never a shared directory such as /tmp,
// where another user could plant a trust file.
std::filesystem::path home_directory() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* account = ::getpwuid(::geteuid()); account && account->pw_dir)
    return account->pw_dir;
  throw Error(ErrorKind::Io, "Cannot tell where to keep trust: HOME is not set and uid " +
                                 std::to_string(::geteuid()) + " has no home directory");
}

}  // namespace

std::filesystem::path default_trust_file() {
  if (const char* file = std::getenv("TARS_TRUST_FILE"); file && *file) return file;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    return std::filesystem::path(config) / "tars" / "trusted.json";
  return home_directory() / ".config" / "tars" / "trusted.json";
}

TrustStore::TrustStore(std::filesystem::path file) : file_(std::move(file)) {}

namespace {

// A missing or corrupt file trusts nothing (and is rewritten by the next trust()), and
// so does one that another user owns or may write: trust is the user's own word.
json load(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0 || !is_own_uid(info.st_uid) || (info.st_mode & 022))
    return json::object();
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
