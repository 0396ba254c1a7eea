// tars-lsp: the TARS language server over stdio. Stdout carries nothing but frames;
// logs go to stderr or --log-file.
#include <unistd.h>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <cstring>
#include <string>

#include "protocol/framing.h"
#include "server/lsp_server.h"

namespace {

int usage(const char* message) {
  std::fprintf(stderr,
               "tars-lsp: %s\nusage: tars-lsp [--log-file FILE] [--log-level "
               "trace|debug|info|warn|error|off]\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string log_file, log_level = "info";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--version") {
      std::puts("tars-lsp 0.1.0");
      return 0;
    }
    if ((arg == "--log-file" || arg == "--log-level") && i + 1 < argc) {
      (arg == "--log-file" ? log_file : log_level) = argv[++i];
    } else if (arg == "--stdio") {
      continue;  // what editors pass; stdio is the only transport
    } else {
      return usage(("unknown argument " + arg).c_str());
    }
  }
  auto logger = log_file.empty() ? spdlog::stderr_logger_mt("tars-lsp")
                                 : spdlog::basic_logger_mt("tars-lsp", log_file);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));

  tars::server::LspServer server;
  tars::protocol::FrameReader reader;
  char buffer[65536];
  while (!server.exit_requested()) {
    ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: the client is gone
    reader.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    while (!server.exit_requested()) {
      auto next = reader.next();
      if (!next) break;
      if (auto* body = std::get_if<std::string>(&*next))
        server.handle(*body);
      else
        server.framing_error(std::get<tars::protocol::FramingError>(*next).message);
    }
  }
  spdlog::info("exiting ({})", server.exit_requested() ? "exit notification" : "end of input");
  return server.exit_code();
}
