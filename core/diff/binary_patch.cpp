#include "core/diff/binary_patch.h"

#include <zlib.h>

#include <array>
#include <cstdint>

namespace tars {

namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

std::array<int, 256> decode_table() {
  std::array<int, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return table;
}

// A line's byte count: 'A'..'Z' are 1..26, 'a'..'z' 27..52.
int line_length(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
  if (c >= 'a' && c <= 'z') return c - 'a' + 27;
  return -1;
}

char length_char(std::size_t n) {
  return n <= 26 ? static_cast<char>('A' + n - 1) : static_cast<char>('a' + n - 27);
}

bool read_varint(std::string_view& in, std::size_t& value) {
  value = 0;
  for (int shift = 0; !in.empty() && shift < 64; shift += 7) {
    auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

std::string deflate_all(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size,
            reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
            Z_BEST_COMPRESSION);
  out.resize(size);
  return out;
}

void encode_lines(std::string_view data, std::string& out) {
  for (std::size_t at = 0; at < data.size(); at += 52) {
    std::size_t n = std::min<std::size_t>(52, data.size() - at);
    out += length_char(n);
    for (std::size_t group = 0; group < n; group += 4) {
      std::uint32_t value = 0;
      for (std::size_t k = 0; k < 4; ++k) {
        unsigned char byte = group + k < n ? static_cast<unsigned char>(data[at + group + k]) : 0;
        value = (value << 8) | byte;
      }
      char digits[5];
      for (int k = 4; k >= 0; --k) {
        digits[k] = kAlphabet[value % 85];
        value /= 85;
      }
      out.append(digits, 5);
    }
    out += '\n';
  }
}

void encode_literal(std::string_view content, std::string& out) {
  out += "literal " + std::to_string(content.size()) + "\n";
  encode_lines(deflate_all(content), out);
  out += '\n';
}

}  // namespace

bool decode_base85_line(std::string_view line, std::string& out) {
  static const std::array<int, 256> table = decode_table();
  if (line.empty()) return false;
  int length = line_length(line[0]);
  line.remove_prefix(1);
  if (length < 0 || line.size() != static_cast<std::size_t>((length + 3) / 4 * 5)) return false;
  for (std::size_t group = 0; group < line.size(); group += 5) {
    std::uint64_t value = 0;
    for (std::size_t k = 0; k < 5; ++k) {
      int digit = table[static_cast<unsigned char>(line[group + k])];
      if (digit < 0) return false;
      value = value * 85 + static_cast<std::uint64_t>(digit);
    }
    if (value > 0xffffffffu) return false;
    for (int shift = 24; shift >= 0 && length > 0; shift -= 8, --length)
      out += static_cast<char>((value >> shift) & 0xff);
  }
  return true;
}

bool inflate_exact(std::string_view deflated, std::size_t size, std::string& out) {
  out.assign(size, '\0');
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return false;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  stream.avail_in = static_cast<uInt>(deflated.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(size);
  int status = inflate(&stream, Z_FINISH);
  bool ok = status == Z_STREAM_END && stream.total_out == size && stream.avail_in == 0;
  inflateEnd(&stream);
  return ok;
}

bool apply_git_delta(std::string_view base, std::string_view delta, std::string& out) {
  std::size_t base_size = 0, result_size = 0;
  if (!read_varint(delta, base_size) || base_size != base.size()) return false;
  if (!read_varint(delta, result_size)) return false;
  out.clear();
  out.reserve(result_size);
  while (!delta.empty()) {
    auto cmd = static_cast<unsigned char>(delta.front());
    delta.remove_prefix(1);
    if (cmd == 0) return false;
    if (!(cmd & 0x80)) {
      if (delta.size() < cmd) return false;
      out.append(delta.substr(0, cmd));
      delta.remove_prefix(cmd);
      continue;
    }
    std::size_t fields[2] = {0, 0};  // offset (bits 0-3), size (bits 4-6)
    for (int bit = 0; bit < 7; ++bit) {
      if (!(cmd & (1u << bit))) continue;
      if (delta.empty()) return false;
      std::size_t byte = static_cast<unsigned char>(delta.front());
      delta.remove_prefix(1);
      fields[bit < 4 ? 0 : 1] |= byte << (8 * (bit < 4 ? bit : bit - 4));
    }
    std::size_t offset = fields[0], length = fields[1] ? fields[1] : 0x10000;
    if (offset > base.size() || length > base.size() - offset) return false;
    out.append(base.substr(offset, length));
  }
  return out.size() == result_size;
}

std::string encode_binary_patch(std::string_view before, std::string_view after) {
  std::string out = "GIT binary patch\n";
  encode_literal(after, out);
  encode_literal(before, out);
  return out;
}

}  // namespace tars
