#include "protocol/memory_transport.h"

namespace tars::protocol {

void MemoryTransport::start(Handler& handler) {
  handler_ = &handler;
}

void MemoryTransport::send(std::string body) {
  std::lock_guard<std::mutex> lock(mutex_);
  sent_.push_back(std::move(body));
  sent_signal_.notify_all();
}

void MemoryTransport::stop() {
  handler_ = nullptr;
}

void MemoryTransport::deliver(std::vector<FrameResult> batch) {
  if (handler_) handler_->on_messages(std::move(batch));
}

void MemoryTransport::close() {
  Handler* handler = handler_;
  handler_ = nullptr;
  if (handler) handler->on_close();
}

std::optional<std::string> MemoryTransport::take(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!sent_signal_.wait_for(lock, wait, [this] { return !sent_.empty(); })) return std::nullopt;
  std::string body = std::move(sent_.front());
  sent_.pop_front();
  return body;
}

}  // namespace tars::protocol
