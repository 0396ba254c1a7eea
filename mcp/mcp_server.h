#pragma once
// mcp/: tars-mcp, the Model Context Protocol server. AI coding agents propose, execute
// (journaled, validated, rolled back when it fails), inspect and roll back changes
// through the core Engine, while a person approves them in the editor or with tarscli.
// It speaks through a protocol::Transport (newline-delimited JSON over stdio) on one
// Asio event loop (main.cpp): lifecycle, ping, logging and tool listing are answered on
// the loop, tool calls run on a CallPool and reply when done, with progress notifications
// before; notifications/cancelled stops them.
#include <atomic>
#include <string>
#include <vector>

#include "core/engine.h"
#include "mcp/call_pool.h"
#include "mcp/tools.h"
#include "protocol/dispatcher.h"
#include "protocol/mcp_types.h"
#include "protocol/transport.h"

namespace tars::mcp {

class McpServer : public protocol::Transport::Handler {
 public:
  McpServer(protocol::Transport& transport, Engine& engine);
  ~McpServer() override;  // cancels running tool calls (executions roll back), waits for them

  void start();
  // Stops reading and cancels running calls; the loop then runs dry.
  void stop(const char* why);
  bool stopped() const { return stopped_; }

  void on_messages(std::vector<protocol::FrameResult> batch) override;
  void on_close() override;

 private:
  void bind_handlers();
  void check_request(const std::string& method) const;
  json initialize(const protocol::mcp::InitializeParams& params);
  json set_log_level(const protocol::mcp::SetLevelParams& params);
  void call_tool(const json& id, const protocol::mcp::CallToolParams& params);
  std::string run_tool(const json& id, const protocol::mcp::CallToolParams& params,
                       const std::atomic<bool>& cancel);
  void log(const std::string& level, const std::string& message);  // notifications/message
  void notify(const std::string& method, const json& params);

  protocol::Transport& transport_;
  Engine& engine_;
  Tools tools_;
  protocol::Dispatcher dispatcher_;
  std::atomic<int> log_rank_;  // the least severe level the client wants
  bool initialized_ = false;
  bool stopped_ = false;
  CallPool calls_;  // last: its workers use the members above until it is gone
};

}  // namespace tars::mcp
