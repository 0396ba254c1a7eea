#include "core/dag_runner.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace tars {

namespace {

class DagScheduler {
 public:
  DagScheduler(const std::vector<std::vector<std::size_t>>& dependencies,
               const DagCallbacks& callbacks, const std::atomic<bool>* cancel)
      : callbacks_(callbacks),
        cancel_(cancel),
        waiting_on_(dependencies.size()),
        dependents_(dependencies.size()) {
    result_.states.assign(dependencies.size(), NodeState::Pending);
    for (std::size_t node = 0; node < dependencies.size(); ++node) {
      waiting_on_[node] = dependencies[node].size();
      for (std::size_t dep : dependencies[node]) dependents_[dep].push_back(node);
      if (waiting_on_[node] == 0) ready_.push_back(node);
    }
  }

  // A worker takes ready nodes until none can become ready any more: after a
  // failure or cancel, or when nothing is ready and nothing is running.
  void work() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      changed_.wait(lock, [&] { return stopping() || !ready_.empty() || running_ == 0; });
      if (stopping() || ready_.empty()) break;
      std::size_t node = ready_.front();
      ready_.pop_front();
      ++running_;
      set_state(node, NodeState::Running);
      lock.unlock();
      std::string error;
      bool ok = run_node(node, error);
      lock.lock();
      --running_;
      finish(node, ok, error);
      changed_.notify_all();
    }
  }

  DagResult take_result() {
    for (auto& state : result_.states)
      if (state == NodeState::Pending) state = NodeState::Skipped;
    if (result_.ok && cancel_ && cancel_->load() &&
        std::find(result_.states.begin(), result_.states.end(), NodeState::Skipped) !=
            result_.states.end()) {
      result_.ok = false;
      result_.cancelled = true;
    }
    return std::move(result_);
  }

 private:
  bool stopping() const { return !result_.ok || (cancel_ && cancel_->load()); }

  bool run_node(std::size_t node, std::string& error) {
    try {
      callbacks_.run(node);
      return true;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown error";
    }
    return false;
  }

  void finish(std::size_t node, bool ok, const std::string& error) {
    set_state(node, ok ? NodeState::Done : NodeState::Failed);
    if (!ok && result_.ok) {
      result_.ok = false;
      result_.failed_node = node;
      result_.error = error;
    }
    if (!ok) return;
    for (std::size_t dependent : dependents_[node])
      if (--waiting_on_[dependent] == 0) ready_.push_back(dependent);
  }

  void set_state(std::size_t node, NodeState state) {
    result_.states[node] = state;
    if (callbacks_.on_state) callbacks_.on_state(node, state);
  }

  const DagCallbacks& callbacks_;
  const std::atomic<bool>* cancel_;
  std::vector<std::size_t> waiting_on_;
  std::vector<std::vector<std::size_t>> dependents_;
  std::deque<std::size_t> ready_;
  std::size_t running_ = 0;
  DagResult result_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

}  // namespace

DagResult run_dag(const std::vector<std::vector<std::size_t>>& dependencies,
                  const DagCallbacks& callbacks, unsigned threads,
                  const std::atomic<bool>* cancel) {
  DagScheduler scheduler(dependencies, callbacks, cancel);
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < std::max(1u, threads); ++i)
    workers.emplace_back([&] { scheduler.work(); });
  scheduler.work();
  for (auto& worker : workers) worker.join();
  return scheduler.take_result();
}

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        next = count;
      }
    }
  };
  std::vector<std::thread> workers;
  unsigned extra =
      static_cast<unsigned>(std::min<std::size_t>(count, std::max(1u, threads))) - (count ? 1 : 0);
  for (unsigned i = 0; i < extra; ++i) workers.emplace_back(work);
  work();
  for (auto& worker : workers) worker.join();
  if (first_error) std::rethrow_exception(first_error);
}

unsigned default_thread_count() {
  if (const char* configured = std::getenv("TARS_THREADS")) {
    int threads = std::atoi(configured);
    if (threads > 0) return std::min(threads, 64);
  }
  unsigned hardware = std::thread::hardware_concurrency();
  return std::clamp(hardware, 1u, 16u);
}

}  // namespace tars
