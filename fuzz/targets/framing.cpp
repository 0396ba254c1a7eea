// LSP base protocol framing: bytes arriving in arbitrary pieces. Bodies never exceed
// the limit, never hold more bytes than arrived, and each one framed again reads back
// as itself.
#include "protocol/framing.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr std::size_t kLimit = 1024;  // small, so oversized bodies are reached

void check_body(const std::string& body, std::size_t fed) {
  if (body.size() > kLimit || body.size() > fed)
    tars::fuzz::failure("a body of " + std::to_string(body.size()) + " bytes after " +
                        std::to_string(fed) + " bytes fed");
  tars::protocol::FrameReader again(kLimit);
  again.feed(tars::protocol::frame(body));
  auto result = again.next();
  if (!result || !std::holds_alternative<std::string>(*result) ||
      std::get<std::string>(*result) != body)
    tars::fuzz::failure("a body framed again does not read back as itself");
}

}  // namespace

// The first byte sets the size of the pieces the rest arrives in (1 to 64 bytes).
extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view input = tars::fuzz::text(data, size);
  if (input.empty()) return 0;
  std::size_t piece = 1 + static_cast<unsigned char>(input[0]) % 64;
  input.remove_prefix(1);
  tars::protocol::FrameReader reader(kLimit);
  std::size_t fed = 0;
  for (std::size_t at = 0; at < input.size(); at += piece) {
    std::string_view bytes = input.substr(at, piece);
    reader.feed(bytes);
    fed += bytes.size();
    while (auto result = reader.next())
      if (auto* body = std::get_if<std::string>(&*result)) check_body(*body, fed);
  }
  return 0;
}
