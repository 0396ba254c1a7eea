#pragma once
// server/: tars-lsp, the language server: maps LSP requests, notifications and tars.*
// commands onto the core Engine, as clangd's ClangdLSPServer maps LSP onto ClangdServer.
// It speaks through a protocol::Transport and runs on one Asio event loop (main.cpp): the
// transport's reads, the improvements directory's inotify descriptor and the timers are
// handled there; executions run on a thread pool and report through $/progress,
// diagnostics and tars/* notifications.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/base/error.h"
#include "core/base/text_position.h"
#include "core/engine.h"
#include "protocol/dispatcher.h"
#include "protocol/lsp_types.h"
#include "protocol/transport.h"
#include "server/diagnostics_publisher.h"
#include "server/directory_watcher.h"
#include "server/improvement_index.h"
#include "server/tars_params.h"
#include "server/timer.h"

namespace asio {
class io_context;
}

namespace tars::server {

using protocol::json;

struct OpenDocument {
  std::string text;
  std::int64_t version = 0;
  std::string hash;  // content_hash of text, computed when first needed ("" = not yet)
};

// An execution whose changes are still open to review: approve, reject or roll back.
struct OpenContext {
  std::string id;
  std::string improvement_id;
  std::string status;
  std::string transaction_id;  // of the file it is listed under
};

protocol::Range lsp_range(TextPosition start, TextPosition end);
// How a command answers a core error: not found is InvalidParams, anything else RequestFailed.
protocol::RpcError rpc_error(const Error& e);

class LspServer : public protocol::Transport::Handler {
 public:
  LspServer(protocol::Transport& transport, asio::io_context& loop);
  ~LspServer() override;  // cancels running executions (they roll back) and waits for them

  // Starts reading and the timers; the loop then runs until exit, end of input or the
  // client's death, when the server stops its reading and timers so the loop runs dry.
  void start();
  bool stopped() const { return stopped_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }

  void on_messages(std::vector<protocol::FrameResult> batch) override;
  void on_close() override;

 private:
  // lifecycle (lsp_server.cpp)
  void bind_handlers();
  void check_request(const std::string& method) const;
  json initialize(const protocol::InitializeParams& params);
  std::string workspace_root(const protocol::InitializeParams& params) const;
  void stop(const char* why);
  void watch_client();
  void send_request(const std::string& method, const json& params,
                    protocol::Dispatcher::ResponseHandler on_response,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30));
  void arm_request_timeout();

  // documents and the improvement index (documents.cpp)
  void did_open(const protocol::DidOpenTextDocumentParams& params);
  void did_change(const protocol::DidChangeTextDocumentParams& params);
  void did_close(const protocol::TextDocumentParams& params);
  void did_save(const protocol::TextDocumentParams& params);
  bool refresh_index();
  void reload_index();
  // The byte range an LSP Range names in `text` (end never before start).
  std::pair<std::size_t, std::size_t> byte_range(const protocol::Range& range,
                                                 std::string_view text) const;
  void publish_hints(const std::string& uri);

  // tars/* requests (requests.cpp)
  json improvements_request(const json& params);
  json status_request(const StatusParams& params);
  json review_request(const ContextParams& params);

  // code actions (code_actions.cpp)
  json code_actions(const protocol::CodeActionParams& params);
  json resolve_code_action(const protocol::CodeActionResolveParams& params);
  std::string stale_reason(const Improvement& improvement, const std::string& path,
                           OpenDocument& document) const;
  void add_improvement_actions(json& actions, const std::string& path, OpenDocument& document,
                               std::size_t start, std::size_t end,
                               const protocol::CodeActionContext& context);
  void add_fix_all_action(json& actions, const std::string& path, OpenDocument& document);
  void add_context_actions(json& actions, const std::string& path,
                           const std::vector<std::string>& only);
  json make_action(protocol::CodeAction action, const protocol::Command& command);
  void refresh_open_contexts();

  // commands (commands.cpp)
  void bind_commands();
  json start_execution(const ExecuteArguments& args);
  json rollback_command(const RollbackArguments& args);
  json approve_command(const ContextParams& args);
  json reject_command(const RejectArguments& args);
  void refuse_unsaved(const Improvement& improvement);
  bool ask_trust_first(const std::vector<std::string>& ids, const ExecuteOptions& options);

  // executions in the background (executions.cpp)
  json run_in_background(const std::vector<std::string>& ids, ExecuteOptions options);
  struct Job;
  void run_job(Job& job, std::atomic<bool>& cancel, const std::string& token,
               const std::vector<std::string>& ids, ExecuteOptions options);
  void cancel_progress(const protocol::WorkDoneProgressCancelParams& params);
  void stop_executions();

  // what executions leave behind (contexts.cpp)
  void publish_validation(const std::string& context_id);
  void clear_diagnostics(const std::string& context_id);
  void notify_context(const std::string& context_id);
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

  protocol::Transport& transport_;
  asio::io_context& loop_;
  protocol::Dispatcher dispatcher_;
  std::unique_ptr<Engine> engine_;
  DiagnosticsPublisher diagnostics_;
  ImprovementIndex index_;
  std::unique_ptr<DirectoryWatcher> watcher_;      // flags changes to .tars/improvements/
  std::map<std::string, OpenDocument> documents_;  // by uri
  std::mutex open_contexts_mutex_;                 // refreshed by the executor too
  std::map<std::string, std::vector<OpenContext>> open_contexts_;  // by workspace-relative path
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  protocol::ClientCapabilities client_;
  bool default_validate_ = true;
  bool default_auto_rollback_ = true;
  bool hints_ = false;
  std::atomic<bool> statuses_changed_{false};  // an improvement's status changed: reload
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  bool stopped_ = false;
  int client_pid_ = 0;
  Timer client_watch_;      // is the client process still there?
  Timer context_watch_;     // contexts changed by anyone (tarscli too)
  Timer request_timeouts_;  // the server's own requests the client leaves unanswered
  std::map<std::string, ContextStatus> known_contexts_;  // as last seen by watch_contexts()
  bool contexts_watched_ = false;  // the first look only records what is there
  std::int64_t next_token_ = 1;
  struct Background;
  std::shared_ptr<Background> background_;  // its type is complete in executions.cpp only
};

}  // namespace tars::server
