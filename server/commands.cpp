// workspace/executeCommand: executions run on a background executor (Asio) and report
// through $/progress, diagnostics and tars/* notifications; rollback, approve, reject.
#include <spdlog/spdlog.h>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <condition_variable>
#include <future>

#include "core/base/error.h"
#include "core/base/file_uri.h"
#include "core/validation/trust.h"
#include "core/validation/validation_runner.h"
#include "core/validation/workspace_config.h"
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

constexpr const char* kTrustAnswer = "Trust and run";

}  // namespace

// What the background job shares with the main thread.
struct LspServer::Job {
  std::promise<std::string> started;
  std::mutex mutex;
  std::condition_variable replied;
  bool progress_replied = false;
  bool progress_ok = false;
  bool began = false;
};

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
      auto on_disk = engine().workspace().open(path).read();
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
  std::vector<std::string> ids;
  if (args.has("improvementIds")) {
    Params list = args.at("improvementIds");
    if (!list.raw().is_array() || list.raw().empty())
      throw RpcError(error_code::kInvalidParams, list.path() + " must be a non-empty array");
    for (std::size_t i = 0; i < list.raw().size(); ++i)
      ids.push_back(Params(list.raw()[i], list.path() + "[" + std::to_string(i) + "]").string());
  } else {
    ids.push_back(args.at("improvementId").string());
  }
  for (const std::string& id : ids) refuse_unsaved(engine().improvement(id));
  ExecuteOptions options;
  options.dry_run = flag(args, "dryRun", false);
  options.validate = flag(args, "validate", default_validate_);
  options.auto_rollback = flag(args, "autoRollback", default_auto_rollback_);
  options.lock_wait = std::chrono::seconds(2);  // an execution that just ended lets go of it
  if (ask_trust_first(ids, options)) return {{"contextId", nullptr}, {"awaitingTrust", true}};
  return run_in_background(ids, options);
}

// The configured validation commands of an untrusted workspace run only once the user
// says so: asked through window/showMessageRequest; the answer is recorded in the same
// trust file `tarscli trust` writes. Returns true when the execution waits for the answer.
bool LspServer::ask_trust_first(const std::vector<std::string>& ids,
                                const ExecuteOptions& options) {
  if (!options.validate || options.dry_run || !client_.message_actions) return false;
  WorkspaceConfig config = load_workspace_config(engine().workspace());
  if (!needs_trust(engine().workspace(), config)) return false;
  std::string programs;
  for (const std::string& program : trusted_programs(config))
    programs += (programs.empty() ? "" : "; ") + program;
  json params = {{"type", 2},
                 {"message", "TARS: this workspace's .tars/config.json runs programs: " + programs +
                                 ". Trust this config and run them?"},
                 {"actions", {{{"title", kTrustAnswer}}, {{"title", "Don't run"}}}}};
  auto on_answer = [this, ids, options, hash = config.hash](const Message& reply) {
    if (!reply.error.is_null() || !reply.result.is_object() ||
        reply.result.value("title", json()) != kTrustAnswer) {
      show_message(3,
                   "TARS: not executed: the workspace's validation commands are not trusted "
                   "(`tarscli trust` trusts them)");
      return;
    }
    try {
      TrustStore().trust(engine().workspace().root(), hash);
      json started = run_in_background(ids, options);
      spdlog::info("trusted the workspace config; started {}", started.dump());
    } catch (const std::exception& e) {
      show_message(1, std::string("TARS: ") + e.what());
    }
  };
  output_.send(dispatcher_.request("window/showMessageRequest", params, on_answer,
                                   std::chrono::minutes(10)));
  return true;
}

json LspServer::run_in_background(const std::vector<std::string>& ids, ExecuteOptions options) {
  if (!background_) background_ = std::make_shared<Background>();
  std::string token = "tars-execute-" + std::to_string(next_token_++);
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard<std::mutex> lock(background_->mutex);
    background_->cancels[token] = cancel;
  }
  auto job = std::make_shared<Job>();
  if (client_.work_done_progress) {
    output_.send(dispatcher_.request("window/workDoneProgress/create", {{"token", token}},
                                     [job](const Message& reply) {
                                       std::lock_guard<std::mutex> lock(job->mutex);
                                       job->progress_replied = true;
                                       job->progress_ok = reply.error.is_null();
                                       job->replied.notify_all();
                                     }));
  }
  std::future<std::string> started = job->started.get_future();
  asio::post(background_->pool, [this, job, cancel, token, options, ids]() mutable {
    run_job(*job, *cancel, token, ids, options);
    std::lock_guard<std::mutex> lock(background_->mutex);
    background_->cancels.erase(token);
  });
  try {
    return {{"contextId", started.get()},
            {"improvementIds", ids},
            {"workDoneToken", client_.work_done_progress ? json(token) : json()}};
  } catch (const Error& e) {
    throw rpc_error(e);
  }
}

// On the executor: the improvements one after another under one progress token.
void LspServer::run_job(Job& job, std::atomic<bool>& cancel, const std::string& token,
                        const std::vector<std::string>& ids, ExecuteOptions options) {
  auto progress = [&](const json& value) {
    notify("$/progress", {{"token", token}, {"value", value}});
  };
  std::string title =
      "TARS: " + (ids.size() == 1 ? ids[0] : std::to_string(ids.size()) + " improvements");
  int last_percent = 0;
  std::size_t index = 0;
  options.cancel = &cancel;
  options.on_started = [&](const std::string& context_id) {
    notify("tars/contextChanged", {{"contextId", context_id}, {"status", "running"}});
    if (index > 0) return;
    job.started.set_value(context_id);
    if (!client_.work_done_progress) return;
    // Never use a token whose create failed: wait (briefly) for the client's reply.
    std::unique_lock<std::mutex> lock(job.mutex);
    job.replied.wait_for(lock, std::chrono::seconds(5), [&] { return job.progress_replied; });
    if (!job.progress_ok) return;
    job.began = true;
    progress({{"kind", "begin"}, {"title", title}, {"cancellable", true}, {"percentage", 0}});
  };
  options.on_progress = [&](const ContextRecord& context) {
    int percent = static_cast<int>((index * 100 + percent_done(context)) / ids.size());
    last_percent = std::max(last_percent, percent);  // monotone, as the spec wants
    if (job.began)
      progress(
          {{"kind", "report"}, {"message", context.current_step}, {"percentage", last_percent}});
  };
  std::string outcome;
  bool any_started = false;
  for (; index < ids.size() && !cancel; ++index) {
    std::string context_id;
    try {
      for (const ContextRecord& earlier : engine_->contexts())  // a new run replaces their findings
        if (earlier.improvement_id == ids[index]) clear_diagnostics(earlier.id);
      ExecutionResult result = engine_->execute(ids[index], options);
      context_id = result.context.id;
      any_started = true;
      outcome = ids[index] + ": " + std::string(to_string(result.context.status)) +
                (result.error.empty() ? "" : ": " + result.error);
      publish_validation(context_id);
      after_change(context_id);
    } catch (const std::exception& e) {
      outcome = ids[index] + ": " + e.what();
      if (index == 0) {
        try {
          job.started.set_exception(std::current_exception());
        } catch (const std::future_error&) {
          // the context had started; the error is reported below
        }
      }
    }
    if (ids.size() > 1 && !job.began) show_message(3, "TARS: " + outcome);
  }
  if (job.began)
    progress({{"kind", "end"}, {"message", outcome}});
  else if (ids.size() == 1)
    show_message(any_started ? 3 : 1, "TARS: " + outcome);
}

void LspServer::cancel_progress(const std::string& token) {
  if (!background_) return;
  std::lock_guard<std::mutex> lock(background_->mutex);
  auto it = background_->cancels.find(token);
  if (it != background_->cancels.end()) *it->second = true;
}

void LspServer::publish_validation(const std::string& context_id) {
  std::string improvement_id = engine_->context(context_id).improvement_id;
  json related = {
      {{"location",
        {{"uri", uri_of_path((engine_->workspace().improvements_dir() / (improvement_id + ".json"))
                                 .string())},
         {"range", range_json({0, 0}, {0, 0})}}},
       {"message", "from executing improvement " + improvement_id + " (" + context_id + ")"}}};
  std::map<std::string, json> by_uri;
  for (const ValidationRecord& record : engine_->store().validations(context_id)) {
    if (record.status == ValidationStatus::Passed || record.status == ValidationStatus::Skipped)
      continue;
    for (const Diagnostic& d : record.diagnostics) {
      if (d.path.empty() || d.path.front() == '/') continue;  // outside the workspace
      std::string text = engine_->workspace().open(d.path).read().value_or("");
      std::size_t line_start =
          offset_at(text, {std::max(0, d.line - 1), 0}, PositionEncoding::Utf8);
      std::size_t at =
          std::min(text.size(), line_start + static_cast<std::size_t>(std::max(0, d.column - 1)));
      TextPosition start = position_at(text, at, encoding_);
      TextPosition end = d.column > 0 ? TextPosition{start.line, start.character + 1}
                                      : position_at(text, text.find('\n', line_start), encoding_);
      json diagnostic = {{"range", range_json(start, end)},
                         {"severity", lsp_severity(d.severity)},
                         {"source", "tars"},
                         {"message", record.name + ": " + d.message},
                         {"relatedInformation", related}};
      if (!d.code.empty()) diagnostic["code"] = d.code;
      by_uri[uri_of(d.path)].push_back(diagnostic);
    }
  }
  for (auto& [uri, diagnostics] : by_uri)
    diagnostics_.set("context:" + context_id, uri, std::move(diagnostics));
}

void LspServer::clear_diagnostics(const std::string& context_id) {
  diagnostics_.clear("context:" + context_id);
}

void LspServer::after_change(const std::string& context_id) {
  statuses_changed_ = true;
  refresh_open_contexts();
  notify_context(context_id);
}

// Approved, rejected or rolled back from the editor: its findings no longer apply.
void LspServer::after_close(const std::string& context_id) {
  clear_diagnostics(context_id);
  after_change(context_id);
}

// Contexts changed by anyone — tarscli included — are announced, so editors refresh;
// diagnostics of contexts that are over are cleared.
void LspServer::watch_contexts() {
  bool first = !contexts_watched_;
  contexts_watched_ = true;
  std::map<std::string, ContextStatus> now;
  for (const ContextRecord& context : engine_->contexts()) now[context.id] = context.status;
  bool changed = false;
  for (const auto& [id, status] : now) {
    auto known = known_contexts_.find(id);
    if (first || (known != known_contexts_.end() && known->second == status)) continue;
    changed = true;
    // Closed by a person (approved, rejected, rolled back); an auto-rollback straight from
    // running keeps its findings: they say why.
    bool closed = status == ContextStatus::RolledBack || status == ContextStatus::Approved ||
                  status == ContextStatus::Rejected;
    if (closed && known != known_contexts_.end() && known->second != ContextStatus::Running)
      clear_diagnostics(id);
    notify_context(id);
  }
  known_contexts_ = std::move(now);
  if (changed) {
    statuses_changed_ = true;
    refresh_open_contexts();
  }
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
  after_close(context_id);
  return report_json(report);
}

json LspServer::approve_command(const json& arguments) {
  std::string context_id = Params(arguments, "arguments[0]").at("contextId").string();
  engine().approve(context_id);
  after_close(context_id);
  return {{"status", "approved"}};
}

json LspServer::reject_command(const json& arguments) {
  Params args(arguments, "arguments[0]");
  std::string context_id = args.at("contextId").string();
  std::optional<std::string> file;
  if (args.has("uri")) file = path_of(args.at("uri").string());
  RollbackReport report = engine().reject(context_id, file);
  after_close(context_id);
  return report_json(report);
}

}  // namespace tars::server
