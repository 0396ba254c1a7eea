#pragma once
// tars-lsp: maps LSP onto the core Engine, as clangd's ClangdLSPServer maps LSP onto
// ClangdServer. The main thread reads frames and answers requests; executions run on a
// background executor and report through $/progress, diagnostics and notifications.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/engine.h"
#include "core/text_position.h"
#include "protocol/dispatcher.h"
#include "server/directory_watcher.h"
#include "server/improvement_index.h"

namespace tars::server {

using protocol::json;

// Writes whole frames to stdout; safe from any thread.
class Output {
 public:
  void send(const std::string& body);

 private:
  std::mutex mutex_;
};

struct OpenDocument {
  std::string text;
  std::int64_t version = 0;
};

class LspServer {
 public:
  LspServer();
  ~LspServer();

  // Handles one frame body (replies are sent from here).
  void handle(std::string_view body);
  void framing_error(const std::string& message);
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  // lifecycle and documents (lsp_server.cpp)
  json initialize(const json& params);
  void did_open(const json& params);
  void did_change(const json& params);
  json code_actions(const json& params);
  json improvements_request(const json& params);
  json status_request(const json& params);
  json review_request(const json& params);
  void reload_index();

  // commands (commands.cpp)
  json execute_command(const json& params);
  json start_execution(const json& args);
  json rollback_command(const json& args);
  json approve_command(const json& args);
  json reject_command(const json& args);
  void publish_validation(const std::string& context_id);
  void clear_diagnostics(const std::string& context_id);
  void notify_context(const std::string& context_id);
  void cancel_progress(const std::string& token);
  void refuse_unsaved(const Improvement& improvement);

  // helpers
  Engine& engine();
  std::string uri_of(const std::string& relative) const;
  std::string path_of(const std::string& uri) const;       // workspace-relative
  std::string text_of(const std::string& relative) const;  // open buffer, else disk
  void notify(const std::string& method, const json& params);
  void show_message(int type, const std::string& message);

  Output output_;
  protocol::Dispatcher dispatcher_;
  std::unique_ptr<Engine> engine_;
  std::mutex published_mutex_;  // published_ is written by the background executor too
  ImprovementIndex index_;
  std::unique_ptr<DirectoryWatcher> watcher_;               // flags changes to .tars/improvements/
  std::map<std::string, OpenDocument> documents_;           // by uri
  std::map<std::string, std::set<std::string>> published_;  // context -> uris with diagnostics
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  bool literal_actions_ = false;
  bool work_done_progress_ = false;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  std::int64_t next_token_ = 1;
  struct Background;
  std::shared_ptr<Background> background_;  // shared_ptr: its type is complete in commands.cpp only
};

}  // namespace tars::server
