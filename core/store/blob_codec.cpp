#include "core/store/blob_codec.h"

#include <zstd.h>

#include <algorithm>
#include <memory>

namespace tars {

namespace {

constexpr int kLevel = 1;               // fast: ~400 MB/s per core
constexpr std::size_t kSmallest = 512;  // below this, compression saves nothing worth it
// What a thread (the language server's live long) keeps of its compression buffer.
constexpr std::size_t kLargestKeptScratch = std::size_t{1} << 20;

}  // namespace

PackedBlob pack_blob(std::string_view content) {
  PackedBlob packed;
  if (content.size() < kSmallest) return packed;
  // Compressed into a buffer each thread reuses, then copied at its (much smaller) size:
  // a fresh worst-case buffer per blob would be memory to fault in and zero every time.
  thread_local std::string scratch;
  scratch.resize(std::max(scratch.size(), ZSTD_compressBound(content.size())));
  // One context a thread: ZSTD_compress would allocate and set one up for every blob.
  thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(),
                                                                            &ZSTD_freeCCtx);
  std::size_t size = ZSTD_compressCCtx(context.get(), scratch.data(), scratch.size(),
                                       content.data(), content.size(), kLevel);
  if (!ZSTD_isError(size) && size <= content.size() - content.size() / 10) {
    packed.bytes.assign(scratch.data(), size);
    packed.encoding = BlobEncoding::Zstd;
  }
  if (scratch.size() > kLargestKeptScratch) std::string().swap(scratch);
  return packed;
}

std::optional<std::string> unpack_blob(std::string_view packed, std::size_t size) {
  std::string content(size, '\0');
  std::size_t got = ZSTD_decompress(content.data(), content.size(), packed.data(), packed.size());
  if (ZSTD_isError(got) || got != size) return std::nullopt;
  return content;
}

}  // namespace tars
