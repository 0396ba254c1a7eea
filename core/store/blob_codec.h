#pragma once
// How the state store keeps file contents: zstd-compressed when that saves a tenth or
// more (sources shrink 3-5x), else as they are. A journal of 2,000 files is then a few
// MB of SQLite pages instead of 30, which is most of what an import or journal costs.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tars {

enum class BlobEncoding { Raw = 0, Zstd = 1 };

struct PackedBlob {
  BlobEncoding encoding = BlobEncoding::Raw;
  std::string bytes;  // empty for Raw: store the original bytes
};

PackedBlob pack_blob(std::string_view content);
// nullopt when `packed` is not a zstd frame of exactly `size` bytes.
std::optional<std::string> unpack_blob(std::string_view packed, std::size_t size);

}  // namespace tars
