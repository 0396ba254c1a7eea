#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/base/parallel.h"
#include "core/execution/dag_runner.h"

using namespace tars;

TEST_CASE("nodes run after their dependencies, every node once") {
  // 0 -> {1, 2} -> 3 -> {4..9}
  std::vector<std::vector<std::size_t>> deps = {{}, {0}, {0}, {1, 2}, {3}, {3}, {3}, {3}, {3}, {3}};
  std::mutex mutex;
  std::vector<std::size_t> order;
  DagCallbacks callbacks;
  callbacks.run = [&](std::size_t node) {
    std::lock_guard<std::mutex> lock(mutex);
    order.push_back(node);
  };
  DagResult result = run_dag(deps, callbacks, 4);
  CHECK(result.ok);
  REQUIRE(order.size() == deps.size());
  auto position = [&](std::size_t node) {
    return std::find(order.begin(), order.end(), node) - order.begin();
  };
  for (std::size_t node = 0; node < deps.size(); ++node)
    for (std::size_t dep : deps[node]) CHECK(position(dep) < position(node));
}

TEST_CASE("a failure stops its dependents and reports the error") {
  std::vector<std::vector<std::size_t>> deps = {{}, {0}, {1}};
  DagCallbacks callbacks;
  callbacks.run = [](std::size_t node) {
    if (node == 1) throw std::runtime_error("disk full");
  };
  DagResult result = run_dag(deps, callbacks, 2);
  CHECK_FALSE(result.ok);
  CHECK_FALSE(result.cancelled);
  CHECK(result.failed_node == 1);
  CHECK(result.error == "disk full");
  CHECK(result.states[0] == NodeState::Done);
  CHECK(result.states[1] == NodeState::Failed);
  CHECK(result.states[2] == NodeState::Skipped);
}

TEST_CASE("cancel stops scheduling new nodes") {
  std::atomic<bool> cancel{false};
  std::vector<std::vector<std::size_t>> deps = {{}, {0}, {1}};
  DagCallbacks callbacks;
  callbacks.run = [&](std::size_t node) {
    if (node == 0) cancel = true;
  };
  DagResult result = run_dag(deps, callbacks, 1, &cancel);
  CHECK_FALSE(result.ok);
  CHECK(result.cancelled);
  CHECK(result.states[1] == NodeState::Skipped);
}

TEST_CASE("on_state sees running then done for each node") {
  std::vector<std::vector<std::size_t>> deps = {{}, {}};
  std::vector<int> running(2), done(2);
  DagCallbacks callbacks;
  callbacks.run = [](std::size_t) {};
  callbacks.on_state = [&](std::size_t node, NodeState state) {
    if (state == NodeState::Running) ++running[node];
    if (state == NodeState::Done) ++done[node];
  };
  CHECK(run_dag(deps, callbacks, 2).ok);
  CHECK(running == std::vector<int>{1, 1});
  CHECK(done == std::vector<int>{1, 1});
}

namespace {

// Records which thread ran each index; every thread's first call waits until `threads`
// threads run at once, so the split between them is the scheduler's, not start-up luck.
struct WhoRan {
  explicit WhoRan(std::size_t count, int threads) : by(count), threads(threads) {}

  void operator()(std::size_t i) {
    bool first;
    {
      std::lock_guard<std::mutex> lock(mutex);
      first = seen.insert(std::this_thread::get_id()).second;
    }
    if (first) {
      ++started;
      while (started < threads) std::this_thread::yield();
    }
    by[i] = std::this_thread::get_id();
  }

  // How often neighbouring indices ran on different threads.
  int switches() const {
    int n = 0;
    for (std::size_t i = 1; i < by.size(); ++i) n += by[i] != by[i - 1];
    return n;
  }

  std::vector<std::thread::id> by;
  const int threads;
  std::atomic<int> started{0};
  std::mutex mutex;
  std::set<std::thread::id> seen;
};

}  // namespace

TEST_CASE("each worker walks its own run of neighbouring ready nodes") {
  std::vector<std::vector<std::size_t>> deps(1000);
  WhoRan who(deps.size(), 2);
  DagCallbacks callbacks;
  callbacks.run = [&](std::size_t node) { who(node); };
  REQUIRE(run_dag(deps, callbacks, 2).ok);
  CHECK(who.by[0] != who.by[500]);  // the second worker started halfway
  CHECK(who.switches() <= 40);      // not taking turns node by node
}

TEST_CASE("a run goes on past nodes already done, as a plan's writes after their backups") {
  // As build_plan lays them out: backup i at 2i, write i at 2i + 1 after the journal.
  const std::size_t files = 1000, journal = 2 * files;
  std::vector<std::vector<std::size_t>> deps(2 * files + 1);
  for (std::size_t i = 0; i < files; ++i) {
    deps[journal].push_back(2 * i);
    deps[2 * i + 1] = {journal};
  }
  std::mutex mutex;
  std::map<std::thread::id, std::vector<std::size_t>> taken;  // each worker's writes, in order
  DagCallbacks callbacks;
  callbacks.run = [&](std::size_t node) {
    std::lock_guard<std::mutex> lock(mutex);
    if (node % 2 == 1 && node < journal) taken[std::this_thread::get_id()].push_back(node);
  };
  REQUIRE(run_dag(deps, callbacks, 2).ok);
  int jumps = 0;  // a worker's next write not the next file's
  for (const auto& [thread, writes] : taken)
    for (std::size_t i = 1; i < writes.size(); ++i) jumps += writes[i] != writes[i - 1] + 2;
  CHECK(jumps <= 40);
}

TEST_CASE("parallel_for covers every index and rethrows") {
  std::vector<int> hits(1000);
  parallel_for(hits.size(), 3, [&](std::size_t i) { hits[i]++; });
  CHECK(std::count(hits.begin(), hits.end(), 1) == 1000);
  CHECK_THROWS_AS(parallel_for(10, 2,
                               [](std::size_t i) {
                                 if (i == 7) throw std::runtime_error("x");
                               }),
                  std::runtime_error);
  parallel_for(0, 2, [](std::size_t) { FAIL("never called"); });
}

TEST_CASE("parallel_for hands each thread runs of neighbouring indices") {
  WhoRan who(1000, 2);
  parallel_for(1000, 2, [&](std::size_t i) { who(i); });
  CHECK(who.switches() <= 40);
}
