#pragma once
// Runs the nodes of a dependency graph on a pool of threads: a node starts once all
// its dependencies finished; after the first failure (an exception) or a cancel no new
// node starts, and the ones not started are reported skipped.
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace tars {

enum class NodeState { Pending, Running, Done, Failed, Skipped };

struct DagResult {
  bool ok = true;
  bool cancelled = false;
  std::size_t failed_node = 0;  // valid when !ok && !cancelled
  std::string error;            // the failed node's exception message
  std::vector<NodeState> states;
};

struct DagCallbacks {
  std::function<void(std::size_t node)> run;                        // throws to fail
  std::function<void(std::size_t node, NodeState state)> on_state;  // may be empty
};

// `threads` workers (at least 1). `cancel` may be null.
DagResult run_dag(const std::vector<std::vector<std::size_t>>& dependencies,
                  const DagCallbacks& callbacks, unsigned threads,
                  const std::atomic<bool>* cancel = nullptr);

}  // namespace tars
