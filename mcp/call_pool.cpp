#include "mcp/call_pool.h"

#include <asio/post.hpp>
#include <asio/thread_pool.hpp>

namespace tars::mcp {

CallPool::CallPool(std::size_t threads) : pool_(std::make_unique<asio::thread_pool>(threads)) {}

CallPool::~CallPool() {
  cancel_all();
  join();
}

bool CallPool::run(const nlohmann::json& id, Work work, Reply reply) {
  auto call = std::make_shared<Call>();
  std::string key = id.dump();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!running_.try_emplace(key, call).second) return false;
  }
  asio::post(*pool_, [this, call, key, work = std::move(work), reply = std::move(reply)] {
    std::string body = work(call->cancel);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      running_.erase(key);
    }
    if (!call->cancel) reply(std::move(body));
  });
  return true;
}

void CallPool::cancel(const nlohmann::json& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = running_.find(id.dump());
  if (it != running_.end()) it->second->cancel = true;
}

void CallPool::cancel_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, call] : running_) call->cancel = true;
}

void CallPool::join() {
  pool_->join();
}

}  // namespace tars::mcp
