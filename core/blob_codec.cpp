#include "core/blob_codec.h"

#include <zstd.h>

namespace tars {

namespace {

constexpr int kLevel = 1;               // fast: ~400 MB/s per core
constexpr std::size_t kSmallest = 512;  // below this, compression saves nothing worth it

}  // namespace

PackedBlob pack_blob(std::string_view content) {
  PackedBlob packed;
  if (content.size() < kSmallest) return packed;
  packed.bytes.resize(ZSTD_compressBound(content.size()));
  std::size_t size = ZSTD_compress(packed.bytes.data(), packed.bytes.size(), content.data(),
                                   content.size(), kLevel);
  if (ZSTD_isError(size) || size > content.size() - content.size() / 10) {
    packed.bytes.clear();
    return packed;
  }
  packed.bytes.resize(size);
  packed.encoding = BlobEncoding::Zstd;
  return packed;
}

std::optional<std::string> unpack_blob(std::string_view packed, std::size_t size) {
  std::string content(size, '\0');
  std::size_t got = ZSTD_decompress(content.data(), content.size(), packed.data(), packed.size());
  if (ZSTD_isError(got) || got != size) return std::nullopt;
  return content;
}

}  // namespace tars
