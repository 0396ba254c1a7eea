#include "server/diagnostics_publisher.h"

namespace tars::server {

void DiagnosticsPublisher::set(const std::string& source, const std::string& uri,
                               json diagnostics) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (diagnostics.empty()) {
    auto it = by_uri_.find(uri);
    if (it == by_uri_.end() || !it->second.erase(source)) return;  // nothing to clear
  } else {
    by_uri_[uri][source] = std::move(diagnostics);
  }
  publish_locked(uri);
}

void DiagnosticsPublisher::clear(const std::string& source) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [uri, sources] : by_uri_)
    if (sources.erase(source)) publish_locked(uri);
}

void DiagnosticsPublisher::set_version(const std::string& uri, std::int64_t version) {
  std::lock_guard<std::mutex> lock(mutex_);
  versions_[uri] = version;
}

void DiagnosticsPublisher::forget_version(const std::string& uri) {
  std::lock_guard<std::mutex> lock(mutex_);
  versions_.erase(uri);
}

void DiagnosticsPublisher::publish_locked(const std::string& uri) {
  json all = json::array();
  for (const auto& [source, diagnostics] : by_uri_[uri])
    for (const json& diagnostic : diagnostics) all.push_back(diagnostic);
  json params = {{"uri", uri}, {"diagnostics", all}};
  auto version = versions_.find(uri);
  if (version != versions_.end()) params["version"] = version->second;
  publish_(params);
}

}  // namespace tars::server
