// workspace/executeCommand: executions run on a background executor (Asio) and report
// through $/progress, diagnostics and tars/* notifications; rollback, approve, reject.
#include <spdlog/spdlog.h>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <condition_variable>
#include <future>

#include "core/error.h"
#include "core/file_io.h"
#include "server/lsp_server.h"

namespace tars::server {

using protocol::Message;
using protocol::Params;
using protocol::RpcError;
namespace error_code = protocol::error_code;

struct LspServer::Background {
  asio::thread_pool pool{4};  // a second execution must reach the lock (and fail fast as busy)
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> cancels;  // by progress token
};

LspServer::~LspServer() {
  if (!background_) return;
  for (auto& [token, cancel] : background_->cancels)
    *cancel = true;  // shutdown cancels (and rolls back)
  background_->pool.join();
}

namespace {

RpcError rpc_error(const Error& e) {
  return RpcError(
      e.kind() == ErrorKind::NotFound ? error_code::kInvalidParams : error_code::kRequestFailed,
      e.what());
}

bool flag(const Params& args, const char* key, bool fallback) {
  return args.has(key) ? args.at(key).boolean() : fallback;
}

int lsp_severity(const std::string& severity) {
  if (severity == "warning") return 2;
  if (severity == "info") return 3;
  if (severity == "hint") return 4;
  return 1;
}

// What the background job shares with the main thread.
struct Job {
  std::promise<std::string> started;
  std::mutex mutex;
  std::condition_variable replied;
  bool progress_replied = false;
  bool progress_ok = false;
  bool began = false;
};

}  // namespace

json LspServer::execute_command(const json& params) {
  Params p(params, "params");
  std::string command = p.at("command").string();
  json args = json::object();
  if (p.has("arguments") && p.at("arguments").raw().is_array() && !p.at("arguments").raw().empty())
    args = p.at("arguments").raw()[0];
  try {
    if (command == "tars.execute") return start_execution(args);
    if (command == "tars.rollback") return rollback_command(args);
    if (command == "tars.approve") return approve_command(args);
    if (command == "tars.reject") return reject_command(args);
    if (command == "tars.review") return review_request(args);
  } catch (const Error& e) {
    throw rpc_error(e);
  }
  throw RpcError(error_code::kInvalidParams, "unknown command '" + command + "'");
}

// A file open with unsaved changes is never written behind the editor's back.
void LspServer::refuse_unsaved(const Improvement& improvement) {
  for (const FileChange& change : improvement.changes)
    for (const std::string& path : {change.path, change.new_path}) {
      if (path.empty()) continue;
      auto open = documents_.find(uri_of(path));
      if (open == documents_.end()) continue;
      auto on_disk = read_file_if_exists(engine().workspace().resolve(path));
      if (on_disk && *on_disk == open->second.text) continue;
      std::string message =
          path +
          " has unsaved changes in the editor; save or revert it, then run the improvement again";
      show_message(1, "TARS: " + message);
      throw RpcError(error_code::kRequestFailed, message);
    }
}

json LspServer::start_execution(const json& arguments) {
  Params args(arguments, "arguments[0]");
  std::string improvement_id = args.at("improvementId").string();
  Improvement improvement = engine().improvement(improvement_id);
  refuse_unsaved(improvement);
  ExecuteOptions options;
  options.dry_run = flag(args, "dryRun", false);
  options.validate = flag(args, "validate", true);
  options.auto_rollback = flag(args, "autoRollback", true);

  if (!background_) background_ = std::make_shared<Background>();
  std::string token = "tars-execute-" + std::to_string(next_token_++);
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard<std::mutex> lock(background_->mutex);
    background_->cancels[token] = cancel;
  }
  auto job = std::make_shared<Job>();
  if (work_done_progress_) {
    output_.send(dispatcher_.request("window/workDoneProgress/create", {{"token", token}},
                                     [job](const Message& reply) {
                                       std::lock_guard<std::mutex> lock(job->mutex);
                                       job->progress_replied = true;
                                       job->progress_ok = reply.error.is_null();
                                       job->replied.notify_all();
                                     }));
  }
  std::future<std::string> started = job->started.get_future();

  asio::post(background_->pool, [this, job, cancel, token, options, improvement_id]() mutable {
    auto progress = [&](const json& value) {
      notify("$/progress", {{"token", token}, {"value", value}});
    };
    options.cancel = cancel.get();
    options.on_started = [&](const std::string& context_id) {
      job->started.set_value(context_id);
      if (!work_done_progress_) return;
      // Never use a token whose create failed: wait (briefly) for the client's reply.
      std::unique_lock<std::mutex> lock(job->mutex);
      job->replied.wait_for(lock, std::chrono::seconds(5), [&] { return job->progress_replied; });
      if (!job->progress_ok) return;
      job->began = true;
      progress({{"kind", "begin"},
                {"title", "TARS: " + improvement_id},
                {"cancellable", true},
                {"percentage", 0}});
    };
    int last_percent = 0;
    options.on_progress = [&](const ContextRecord& context) {
      int percent = std::max(last_percent, percent_done(context));
      last_percent = percent;
      if (job->began)
        progress({{"kind", "report"}, {"message", context.current_step}, {"percentage", percent}});
    };
    std::string outcome;
    std::string context_id;
    try {
      ExecutionResult result = engine_->execute(improvement_id, options);
      context_id = result.context.id;
      outcome = std::string(to_string(result.context.status)) +
                (result.error.empty() ? "" : ": " + result.error);
      publish_validation(context_id);
      notify_context(context_id);
    } catch (const std::exception& e) {
      outcome = e.what();
      try {
        job->started.set_exception(std::current_exception());
      } catch (const std::future_error&) {
        // the context had started; the error is reported below
      }
    }
    if (job->began)
      progress({{"kind", "end"}, {"message", outcome}});
    else
      show_message(context_id.empty() ? 1 : 3, "TARS: " + improvement_id + ": " + outcome);
    std::lock_guard<std::mutex> lock(background_->mutex);
    background_->cancels.erase(token);
  });

  try {
    return {{"contextId", started.get()},
            {"workDoneToken", work_done_progress_ ? json(token) : json()}};
  } catch (const Error& e) {
    throw rpc_error(e);
  }
}

void LspServer::cancel_progress(const std::string& token) {
  if (!background_) return;
  std::lock_guard<std::mutex> lock(background_->mutex);
  auto it = background_->cancels.find(token);
  if (it != background_->cancels.end()) *it->second = true;
}

void LspServer::publish_validation(const std::string& context_id) {
  std::map<std::string, json> by_uri;
  for (const ValidationRecord& record : engine_->store().validations(context_id)) {
    if (record.status == "passed" || record.status == "skipped") continue;
    for (const Diagnostic& d : record.diagnostics) {
      if (d.path.empty() || d.path.front() == '/') continue;  // outside the workspace
      std::string text = read_file_if_exists(engine_->workspace().resolve(d.path)).value_or("");
      std::size_t line_start =
          offset_at(text, {std::max(0, d.line - 1), 0}, PositionEncoding::Utf8);
      std::size_t at =
          std::min(text.size(), line_start + static_cast<std::size_t>(std::max(0, d.column - 1)));
      TextPosition start = position_at(text, at, encoding_);
      TextPosition end = d.column > 0 ? TextPosition{start.line, start.character + 1}
                                      : position_at(text, text.find('\n', line_start), encoding_);
      json diagnostic = {{"range",
                          {{"start", {{"line", start.line}, {"character", start.character}}},
                           {"end", {{"line", end.line}, {"character", end.character}}}}},
                         {"severity", lsp_severity(d.severity)},
                         {"source", "tars"},
                         {"message", record.name + ": " + d.message}};
      if (!d.code.empty()) diagnostic["code"] = d.code;
      by_uri[uri_of(d.path)].push_back(diagnostic);
    }
  }
  std::lock_guard<std::mutex> lock(published_mutex_);
  for (auto& [uri, diagnostics] : by_uri) {
    notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", diagnostics}});
    published_[context_id].insert(uri);
  }
}

void LspServer::clear_diagnostics(const std::string& context_id) {
  std::lock_guard<std::mutex> lock(published_mutex_);
  for (const std::string& uri : published_[context_id])
    notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
  published_.erase(context_id);
}

void LspServer::notify_context(const std::string& context_id) {
  ContextRecord context = engine_->context(context_id);
  notify("tars/contextChanged", {{"contextId", context_id}, {"status", to_string(context.status)}});
  json uris = json::array();
  for (const FileOpRecord& op : engine_->store().file_ops(context_id)) {
    uris.push_back(uri_of(op.path));
    if (!op.new_path.empty()) uris.push_back(uri_of(op.new_path));
  }
  notify("tars/filesChanged", {{"contextId", context_id}, {"uris", uris}});
}

namespace {

json report_json(const RollbackReport& report) {
  return {{"status", to_string(report.status)},
          {"restored", report.restored},
          {"conflicts", report.conflicts},
          {"savedBackups", report.saved_backups}};
}

}  // namespace

json LspServer::rollback_command(const json& arguments) {
  Params args(arguments, "arguments[0]");
  std::string context_id = args.at("contextId").string();
  RollbackScope scope;
  if (args.has("transactionId"))
    scope = {RollbackScopeKind::Transaction, args.at("transactionId").string()};
  if (args.has("path")) scope = {RollbackScopeKind::File, args.at("path").string()};
  if (args.has("uri")) scope = {RollbackScopeKind::File, path_of(args.at("uri").string())};
  RollbackReport report = engine().rollback(context_id, scope, flag(args, "force", false));
  for (const std::string& conflict : report.conflicts)
    show_message(1, "TARS: Rollback failed: " + conflict);
  clear_diagnostics(context_id);
  notify_context(context_id);
  return report_json(report);
}

json LspServer::approve_command(const json& arguments) {
  std::string context_id = Params(arguments, "arguments[0]").at("contextId").string();
  engine().approve(context_id);
  clear_diagnostics(context_id);
  notify_context(context_id);
  return {{"status", "approved"}};
}

json LspServer::reject_command(const json& arguments) {
  Params args(arguments, "arguments[0]");
  std::string context_id = args.at("contextId").string();
  std::optional<std::string> file;
  if (args.has("uri")) file = path_of(args.at("uri").string());
  RollbackReport report = engine().reject(context_id, file);
  clear_diagnostics(context_id);
  notify_context(context_id);
  return report_json(report);
}

}  // namespace tars::server
