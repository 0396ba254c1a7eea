// Executions in the background: one job per tars.execute on an asio::thread_pool, under
// one $/progress token (created by the client first, cancellable); the request is answered
// as soon as the first context has started.
#include <algorithm>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <condition_variable>
#include <future>

#include "core/base/error.h"
#include "server/lsp_server.h"

namespace tars::server {

struct LspServer::Background {
  asio::thread_pool pool{4};  // a second execution must reach the lock (and fail fast as busy)
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> cancels;  // by progress token
};

// What the background job shares with the event loop.
struct LspServer::Job {
  std::promise<std::string> started;
  std::mutex mutex;
  std::condition_variable replied;
  bool progress_replied = false;
  bool progress_ok = false;
  bool began = false;
};

// Shutdown cancels running executions (they roll back) and waits for them.
void LspServer::stop_executions() {
  if (!background_) return;
  {
    std::lock_guard<std::mutex> lock(background_->mutex);
    for (auto& [token, cancel] : background_->cancels) *cancel = true;
  }
  background_->pool.join();
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
    send_request("window/workDoneProgress/create", {{"token", token}},
                 [job](const protocol::Message& reply) {
                   std::lock_guard<std::mutex> lock(job->mutex);
                   job->progress_replied = true;
                   job->progress_ok = reply.error.is_null();
                   job->replied.notify_all();
                 });
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
        if (std::count(earlier.improvement_ids.begin(), earlier.improvement_ids.end(), ids[index]))
          clear_diagnostics(earlier.id);
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

void LspServer::cancel_progress(const protocol::WorkDoneProgressCancelParams& params) {
  if (!background_) return;
  std::string token =
      params.token.is_string() ? params.token.get<std::string>() : params.token.dump();
  std::lock_guard<std::mutex> lock(background_->mutex);
  auto it = background_->cancels.find(token);
  if (it != background_->cancels.end()) *it->second = true;
}

}  // namespace tars::server
