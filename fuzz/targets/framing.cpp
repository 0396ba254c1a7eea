// Both framings, bytes arriving in arbitrary pieces: LSP's Content-Length headers and
// MCP's one JSON text per line. Bodies never exceed the limit, never hold more bytes
// than arrived, and each one framed again reads back as itself; a line never holds a
// newline and is never blank.
#include <memory>

#include "fuzz/fuzz_support.h"
#include "protocol/framing.h"

namespace {

using tars::protocol::ContentLengthFraming;
using tars::protocol::Framing;
using tars::protocol::NewlineFraming;

constexpr std::size_t kLimit = 1024;  // small, so oversized bodies are reached

std::unique_ptr<Framing> make(bool lines) {
  if (lines) return std::make_unique<NewlineFraming>(kLimit);
  return std::make_unique<ContentLengthFraming>(kLimit);
}

void check_body(const std::string& body, std::size_t fed, bool lines) {
  if (body.size() > kLimit || body.size() > fed)
    tars::fuzz::failure("a body of " + std::to_string(body.size()) + " bytes after " +
                        std::to_string(fed) + " bytes fed");
  if (lines && (body.find('\n') != std::string::npos ||
                body.find_first_not_of(" \t\r") == std::string::npos))
    tars::fuzz::failure("a line that holds a newline or is blank");
  if (lines && !body.empty() && body.back() == '\r') return;  // framed again, it loses the \r
  auto again = make(lines);
  again->feed(again->frame(body));
  auto result = again->next();
  if (!result || !std::holds_alternative<std::string>(*result) ||
      std::get<std::string>(*result) != body)
    tars::fuzz::failure("a body framed again does not read back as itself");
}

}  // namespace

// The first byte chooses the framing (its lowest bit: 1 = lines) and the size of the
// pieces the rest arrives in (1 to 64 bytes).
extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view input = tars::fuzz::text(data, size);
  if (input.empty()) return 0;
  auto first = static_cast<unsigned char>(input[0]);
  bool lines = first & 1;
  std::size_t piece = 1 + (first >> 1) % 64;
  input.remove_prefix(1);
  auto reader = make(lines);
  std::size_t fed = 0;
  for (std::size_t at = 0; at < input.size(); at += piece) {
    std::string_view bytes = input.substr(at, piece);
    reader->feed(bytes);
    fed += bytes.size();
    while (auto result = reader->next())
      if (auto* body = std::get_if<std::string>(&*result)) check_body(*body, fed, lines);
  }
  return 0;
}
