#pragma once
#include <memory>
#include <string>
#include <string_view>

struct SHA256state_st;  // OpenSSL's SHA256_CTX

namespace tars {

// SHA-256 of the bytes, as 64 lowercase hex digits.
std::string content_hash(std::string_view bytes);

// git's object id of a blob with these bytes (SHA-1 of "blob <size>\0<bytes>"): what the
// "index" line of a binary patch names, which `git apply` checks.
std::string git_blob_id(std::string_view bytes);

// SHA-256 of bytes fed in pieces: the same digest content_hash gives for the pieces
// joined, without joining them.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // 64 lowercase hex digits; the hash takes no more bytes after this.
  std::string hex_digest();

 private:
  struct Free {
    void operator()(SHA256state_st* context) const;
  };
  std::unique_ptr<SHA256state_st, Free> context_;
};

}  // namespace tars
