#pragma once
// Where tool calls run: a few worker threads off the event loop, so the loop keeps
// answering pings and cancellations while an execution runs. Each call is known by its
// request id: notifications/cancelled stops it (its reply is then never sent, as MCP
// asks), and the end of the session stops them all and waits for them.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace asio {
class thread_pool;
}

namespace tars::mcp {

class CallPool {
 public:
  // work: the reply body, given the flag set when the call is cancelled.
  using Work = std::function<std::string(const std::atomic<bool>& cancel)>;
  using Reply = std::function<void(std::string body)>;

  explicit CallPool(std::size_t threads = 4);
  ~CallPool();  // cancels and waits
  CallPool(const CallPool&) = delete;
  CallPool& operator=(const CallPool&) = delete;

  // False when a call with this id is still running (ids must be unique among them).
  bool run(const nlohmann::json& id, Work work, Reply reply);
  void cancel(const nlohmann::json& id);  // an unknown or finished id is ignored
  void cancel_all();
  void join();  // cancels nothing: waits for what runs

 private:
  struct Call {
    std::atomic<bool> cancel{false};
  };

  std::unique_ptr<asio::thread_pool> pool_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Call>> running_;  // by the id's JSON text
};

}  // namespace tars::mcp
