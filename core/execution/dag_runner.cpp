#include "core/execution/dag_runner.h"

#include <algorithm>
#include <condition_variable>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

namespace tars {

namespace {

class DagScheduler {
 public:
  DagScheduler(const std::vector<std::vector<std::size_t>>& dependencies,
               const DagCallbacks& callbacks, unsigned workers, const std::atomic<bool>* cancel)
      : workers_(workers),
        callbacks_(callbacks),
        cancel_(cancel),
        waiting_on_(dependencies.size()),
        dependents_(dependencies.size()) {
    result_.states.assign(dependencies.size(), NodeState::Pending);
    for (std::size_t node = 0; node < dependencies.size(); ++node) {
      waiting_on_[node] = dependencies[node].size();
      for (std::size_t dep : dependencies[node]) dependents_[dep].push_back(node);
      if (waiting_on_[node] == 0) ready_.insert(node);
    }
  }

  // A worker takes ready nodes until none can become ready any more: after a
  // failure or cancel, or when nothing is ready and nothing is running.
  void work(unsigned worker) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<std::size_t> last;
    while (true) {
      changed_.wait(lock, [&] { return stopping() || !ready_.empty() || running_ == 0; });
      if (stopping() || ready_.empty()) break;
      std::size_t node = take_ready(worker, last);
      last = node;
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
  // Neighbouring nodes are usually files of one directory, which the file system locks
  // while it creates or renames in it. So each worker walks its own run of ready nodes:
  // it continues with the next ready node after the one it ran last, past a few that
  // are not ready (a plan interleaves kinds of steps: a file's write follows its backup,
  // done long before); a first run starts its share of the way into the ready nodes
  // (worker 1 of 2 halfway), a later one halfway into what is left, between the other
  // workers' runs. A new run walks the set to its start, so runs must rarely break.
  static constexpr std::size_t kRunGap = 8;
  std::size_t take_ready(unsigned worker, std::optional<std::size_t> last) {
    auto next = last ? ready_.upper_bound(*last) : ready_.end();
    if (next == ready_.end() || *next - *last > kRunGap) {
      next = ready_.begin();
      std::advance(next, last ? ready_.size() / 2 : ready_.size() * worker / workers_);
    }
    std::size_t node = *next;
    ready_.erase(next);
    return node;
  }

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
      if (--waiting_on_[dependent] == 0) ready_.insert(dependent);
  }

  // Observing is advisory: an exception from on_state (progress the store could not
  // record) must neither stop the run nor leave a worker thread (std::terminate).
  void set_state(std::size_t node, NodeState state) {
    result_.states[node] = state;
    if (!callbacks_.on_state) return;
    try {
      callbacks_.on_state(node, state);
    } catch (...) {
    }
  }

  const unsigned workers_;
  const DagCallbacks& callbacks_;
  const std::atomic<bool>* cancel_;
  std::vector<std::size_t> waiting_on_;
  std::vector<std::vector<std::size_t>> dependents_;
  std::set<std::size_t> ready_;
  std::size_t running_ = 0;
  DagResult result_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

}  // namespace

DagResult run_dag(const std::vector<std::vector<std::size_t>>& dependencies,
                  const DagCallbacks& callbacks, unsigned threads,
                  const std::atomic<bool>* cancel) {
  const unsigned count = std::max(1u, threads);
  DagScheduler scheduler(dependencies, callbacks, count, cancel);
  std::vector<std::thread> workers;
  // A thread that cannot be started leaves the work to the others; a joinable thread is
  // never destroyed (that would be std::terminate).
  for (unsigned i = 1; i < count; ++i) {
    try {
      workers.emplace_back([&, i] { scheduler.work(i); });
    } catch (const std::system_error&) {
      break;
    }
  }
  scheduler.work(0);
  for (auto& worker : workers) worker.join();
  return scheduler.take_result();
}

}  // namespace tars
