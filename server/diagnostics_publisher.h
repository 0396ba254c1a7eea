#pragma once
// A document's diagnostics come from several sources (each execution's validation
// results, improvement hints), but each publishDiagnostics replaces the document's whole
// list in the client: so every publish sends the union of all sources. Thread-safe.
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "protocol/jsonrpc.h"

namespace tars::server {

using protocol::json;

class DiagnosticsPublisher {
 public:
  using Publish = std::function<void(const json& params)>;  // sends the notification
  explicit DiagnosticsPublisher(Publish publish) : publish_(std::move(publish)) {}

  // Replaces what `source` says about `uri` (an empty array clears it).
  void set(const std::string& source, const std::string& uri, json diagnostics);
  // Clears everything `source` said, in every document.
  void clear(const std::string& source);
  // The document version that later publishes name (LSP: optional, "when known").
  void set_version(const std::string& uri, std::int64_t version);
  void forget_version(const std::string& uri);

 private:
  void publish_locked(const std::string& uri);

  Publish publish_;
  std::mutex mutex_;
  std::map<std::string, std::map<std::string, json>> by_uri_;  // uri -> source -> diagnostics
  std::map<std::string, std::int64_t> versions_;
};

}  // namespace tars::server
