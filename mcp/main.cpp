// tars-mcp: the TARS Model Context Protocol server over stdio (one JSON message per line).
// Stdout carries nothing but messages; logs go to stderr or --log-file. One Asio event
// loop runs stdin, the output strand and the signals; tool calls run on a small pool.
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/base/error.h"
#include "mcp/mcp_server.h"
#include "mcp/options.h"
#include "protocol/framing.h"
#include "protocol/stdio_transport.h"
#include "version/version.h"

namespace {

struct Options {
  std::optional<std::filesystem::path> workspace;
  std::string log_file;
  std::string log_level = "info";
};

int usage(const std::string& message) {
  std::fprintf(stderr, "tars-mcp: %s\n%s", message.c_str(),
               tars::usage_text("tars-mcp", tars::mcp::kCommandLineOptions).c_str());
  return 2;
}

// nullopt with `exit_code` set when the process is to end (--version, --help, bad usage).
std::optional<Options> parse(int argc, char** argv, int& exit_code) {
  Options options;
  exit_code = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool valued = arg == "--workspace" || arg == "--log-file" || arg == "--log-level";
    if (arg == "--version") {
      std::printf("tars-mcp %s (git %s)\n", tars::release_version(), tars::git_describe());
      return std::nullopt;
    }
    if (arg == "--help" || arg == "-h") {
      std::printf("tars-mcp: %s\n\n%s", tars::mcp::kSummary.data(),
                  tars::usage_text("tars-mcp", tars::mcp::kCommandLineOptions).c_str());
      return std::nullopt;
    }
    if (!valued || i + 1 == argc) {
      exit_code = usage(valued ? arg + " needs a value" : "unknown argument " + arg);
      return std::nullopt;
    }
    std::string value = argv[++i];
    if (arg == "--workspace")
      options.workspace = value;
    else if (arg == "--log-file")
      options.log_file = value;
    else
      options.log_level = value;
  }
  return options;
}

void set_up_logging(const Options& options) {
  auto logger = options.log_file.empty() ? spdlog::stderr_logger_mt("tars-mcp")
                                         : spdlog::basic_logger_mt("tars-mcp", options.log_file);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(options.log_level));
}

// Serves until end of input or a signal; running executions are cancelled (they roll
// back) when it ends.
void serve(tars::Engine& engine) {
  asio::io_context loop;
  tars::protocol::StdioTransport transport(loop,
                                           std::make_unique<tars::protocol::NewlineFraming>());
  {
    tars::mcp::McpServer server(transport, engine);
    asio::signal_set signals(loop, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code error, int) {
      if (!error) server.stop("signal");
    });
    server.start();
    while (!server.stopped() && loop.run_one() > 0) {
    }
    signals.cancel();
  }
  loop.restart();
  loop.run();  // what is still queued goes out
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  std::optional<Options> options = parse(argc, argv, exit_code);
  if (!options) return exit_code;
  set_up_logging(*options);
  try {
    tars::Engine engine(
        tars::Workspace::discover(options->workspace, std::filesystem::current_path()));
    serve(engine);
  } catch (const tars::Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
