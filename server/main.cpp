// tars-lsp: the TARS language server over stdio. Stdout carries nothing but frames;
// logs go to stderr or --log-file. One Asio event loop runs it all: stdin, the
// improvements directory's inotify descriptor, the timers and the output strand;
// executions run on a thread pool.
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <asio/io_context.hpp>
#include <memory>
#include <string>

#include "protocol/framing.h"
#include "protocol/stdio_transport.h"
#include "server/lsp_server.h"
#include "server/options.h"
#include "version/version.h"

namespace {

int usage(const std::string& message) {
  std::fprintf(stderr, "tars-lsp: %s\n%s", message.c_str(),
               tars::usage_text("tars-lsp", tars::server::kCommandLineOptions).c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string log_file, log_level = "info";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--version") {
      std::printf("tars-lsp %s (git %s)\n", tars::release_version(), tars::git_describe());
      return 0;
    }
    if (arg == "--help" || arg == "-h") {
      std::printf("tars-lsp: %s\n\n%s", tars::server::kSummary.data(),
                  tars::usage_text("tars-lsp", tars::server::kCommandLineOptions).c_str());
      return 0;
    }
    if ((arg == "--log-file" || arg == "--log-level") && i + 1 < argc) {
      (arg == "--log-file" ? log_file : log_level) = argv[++i];
    } else if (arg == "--stdio") {
      continue;  // what editors pass; stdio is the only transport
    } else {
      return usage("unknown argument " + arg);
    }
  }
  auto logger = log_file.empty() ? spdlog::stderr_logger_mt("tars-lsp")
                                 : spdlog::basic_logger_mt("tars-lsp", log_file);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));

  asio::io_context loop;
  tars::protocol::StdioTransport transport(
      loop, std::make_unique<tars::protocol::ContentLengthFraming>());
  int exit_code = 1;
  {
    tars::server::LspServer server(transport, loop);
    server.start();
    loop.run();  // until exit, end of input or the client's death
    exit_code = server.exit_code();
  }  // running executions are cancelled (and roll back) here
  loop.restart();
  loop.run();  // what the server still had to say goes out
  return exit_code;
}
