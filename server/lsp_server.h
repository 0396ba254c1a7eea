#pragma once
// tars-lsp: maps LSP onto the core Engine, as clangd's ClangdLSPServer maps LSP onto
// ClangdServer. The main thread reads frames and answers requests; executions run on a
// background executor and report through $/progress, diagnostics and notifications.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/text_position.h"
#include "core/engine.h"
#include "protocol/dispatcher.h"
#include "server/diagnostics_publisher.h"
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
  std::string hash;  // content_hash of text, computed when first needed ("" = not yet)
};

// What the client said it supports at initialize; every output follows it.
struct ClientCapabilities {
  bool literal_actions = false;   // CodeAction literals, else plain Commands
  bool disabled_support = false;  // CodeAction.disabled, else stale actions are left out
  bool data_support = false;      // CodeAction.data
  bool resolve_command = false;   // codeAction/resolve may fill in `command`
  bool work_done_progress = false;
  bool message_actions = false;  // window/showMessageRequest with actions
};

// An execution whose changes are still open to review: approve, reject or roll back.
struct OpenContext {
  std::string id;
  std::string improvement_id;
  std::string status;
  std::string transaction_id;  // of the file it is listed under
};

json range_json(TextPosition start, TextPosition end);
// Lenient reads of optional fields: a missing field or one of the wrong type gives the
// fallback (capabilities and contexts from clients vary; none may crash the server).
bool bool_field(const json& object, const char* key, bool fallback);
std::int64_t int_field(const json& object, const char* key, std::int64_t fallback);
json object_field(const json& object, const char* key);  // {} unless an object

class LspServer {
 public:
  LspServer();
  ~LspServer();

  // Handles one frame body (replies are sent from here).
  void handle(std::string_view body);
  void framing_error(const std::string& message);
  bool exit_requested() const { return exit_requested_; }
  // Housekeeping between messages: times out the server's own requests. False once the
  // client process named in initialize is gone (the server then exits, as LSP asks).
  bool tick();
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  // lifecycle and documents (lsp_server.cpp)
  json initialize(const json& params);
  void read_client_capabilities(const json& capabilities);
  void did_open(const json& params);
  void did_change(const json& params);
  json code_actions(const json& params);
  json resolve_code_action(const json& action);
  json improvements_request(const json& params);
  json status_request(const json& params);
  json review_request(const json& params);
  bool refresh_index();
  void reload_index();
  // The byte range an LSP Range names in `text` (end never before start).
  std::pair<std::size_t, std::size_t> byte_range(const protocol::Params& range,
                                                 std::string_view text) const;
  void publish_hints(const std::string& uri);

  // code actions (code_actions.cpp)
  std::string stale_reason(const Improvement& improvement, const std::string& path,
                           OpenDocument& document) const;
  void add_improvement_actions(json& actions, const std::string& path, OpenDocument& document,
                               std::size_t start, std::size_t end, const json& context);
  void add_fix_all_action(json& actions, const std::string& path, OpenDocument& document);
  void add_context_actions(json& actions, const std::string& path, const json& only);
  json make_action(const std::string& title, const std::string& kind, const json& command,
                   const std::string& disabled_reason);
  void refresh_open_contexts();

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
  bool ask_trust_first(const std::vector<std::string>& ids, const ExecuteOptions& options);
  json run_in_background(const std::vector<std::string>& ids, ExecuteOptions options);
  struct Job;
  void run_job(Job& job, std::atomic<bool>& cancel, const std::string& token,
               const std::vector<std::string>& ids, ExecuteOptions options);
  void after_change(const std::string& context_id);  // refresh state, announce it
  void after_close(const std::string& context_id);
  void watch_contexts();

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
  DiagnosticsPublisher diagnostics_;
  ImprovementIndex index_;
  std::unique_ptr<DirectoryWatcher> watcher_;      // flags changes to .tars/improvements/
  std::map<std::string, OpenDocument> documents_;  // by uri
  std::mutex open_contexts_mutex_;                 // refreshed by the executor too
  std::map<std::string, std::vector<OpenContext>> open_contexts_;  // by workspace-relative path
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  ClientCapabilities client_;
  bool default_validate_ = true;
  bool default_auto_rollback_ = true;
  bool hints_ = false;
  std::atomic<bool> statuses_changed_{false};  // an improvement's status changed: reload
  bool initialized_ = false;
  bool shutdown_ = false;
  int client_pid_ = 0;
  std::map<std::string, ContextStatus> known_contexts_;  // as last seen by watch_contexts()
  std::chrono::steady_clock::time_point last_watch_;
  bool contexts_watched_ = false;  // the first look only records what is there
  bool exit_requested_ = false;
  std::int64_t next_token_ = 1;
  struct Background;
  std::shared_ptr<Background> background_;  // shared_ptr: its type is complete in commands.cpp only
};

}  // namespace tars::server
