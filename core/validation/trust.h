#pragma once
// Which workspace configs the user has trusted to run commands: a JSON file in the
// user's config directory ($TARS_TRUST_FILE, else $XDG_CONFIG_HOME/tars/trusted.json,
// else ~/.config/tars/trusted.json) mapping workspace root -> config hash. A trust file
// another user owns, or that the group or others may write, trusts nothing.
#include <filesystem>
#include <string>

namespace tars {

std::filesystem::path default_trust_file();

class TrustStore {
 public:
  explicit TrustStore(std::filesystem::path file = default_trust_file());
  bool is_trusted(const std::filesystem::path& root, const std::string& config_hash) const;
  void trust(const std::filesystem::path& root, const std::string& config_hash);  // atomic write

 private:
  std::filesystem::path file_;
};

}  // namespace tars
