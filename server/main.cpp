// tars-lsp: the TARS language server over stdio. Stdout carries nothing but frames;
// logs go to stderr or --log-file.
#include <poll.h>
#include <unistd.h>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "protocol/framing.h"
#include "server/lsp_server.h"
#include "server/options.h"
#include "version/version.h"

namespace {

std::string usage_text() {
  std::string text = "usage: tars-lsp [OPTIONS]\n\nOptions:\n";
  for (const auto& option : tars::server::kCommandLineOptions) {
    std::string left = "  " + std::string(option.name);
    if (!option.argument.empty()) left += " " + std::string(option.argument);
    left.resize(std::max<std::size_t>(left.size() + 2, 44), ' ');
    text += left + std::string(option.help) + "\n";
  }
  return text;
}

int usage(const std::string& message) {
  std::fprintf(stderr, "tars-lsp: %s\n%s", message.c_str(), usage_text().c_str());
  return 2;
}

// The frames of one read are handled as a batch, $/cancelRequest first, so a request
// cancelled in the same batch is answered RequestCancelled instead of being run.
void handle_batch(tars::server::LspServer& server, tars::protocol::FrameReader& reader) {
  std::vector<tars::protocol::FrameResult> batch;
  while (auto next = reader.next()) batch.push_back(std::move(*next));
  std::vector<bool> done(batch.size(), false);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto* body = std::get_if<std::string>(&batch[i]);
    if (body && body->find("\"$/cancelRequest\"") != std::string::npos) {
      server.handle(*body);
      done[i] = true;
    }
  }
  for (std::size_t i = 0; i < batch.size() && !server.exit_requested(); ++i) {
    if (done[i]) continue;
    if (auto* body = std::get_if<std::string>(&batch[i]))
      server.handle(*body);
    else
      server.framing_error(std::get<tars::protocol::FramingError>(batch[i]).message);
  }
  server.tick();
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
      std::printf("tars-lsp: %s\n\n%s", tars::server::kSummary.data(), usage_text().c_str());
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

  tars::server::LspServer server;
  tars::protocol::FrameReader reader;
  char buffer[65536];
  while (!server.exit_requested()) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    int ready = ::poll(&input, 1, 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {  // idle: time out server->client requests, notice a dead client
      if (!server.tick()) break;
      continue;
    }
    ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // EOF: the client is gone
    reader.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    handle_batch(server, reader);
  }
  spdlog::info("exiting ({})", server.exit_requested() ? "exit notification" : "end of input");
  return server.exit_code();
}
