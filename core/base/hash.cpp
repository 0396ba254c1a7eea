#include "core/base/hash.h"

// OpenSSL's SHA256_* functions hash directly (with the CPU's SHA extensions where it has
// them). OpenSSL 3 deprecates them for EVP_Digest, whose first call loads openssl.cnf
// and registers every algorithm of the default provider: about 1 ms, and 2 ms of a
// process's CPU with its cleanup at exit — more than a small command hashes in all.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "core/base/error.h"

namespace tars {

namespace {

[[noreturn]] void failed() {
  throw Error(ErrorKind::Internal, "SHA-256 failed");
}

std::string hex(const unsigned char* digest, unsigned int length) {
  static const char* digits = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned i = 0; i < length; ++i) {
    out[2 * i] = digits[digest[i] >> 4];
    out[2 * i + 1] = digits[digest[i] & 15];
  }
  return out;
}

}  // namespace

// (Not OpenSSL's SHA256(), which in OpenSSL 3 goes through EVP as well.)
std::string content_hash(std::string_view bytes) {
  SHA256_CTX context;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (!SHA256_Init(&context) || !SHA256_Update(&context, bytes.data(), bytes.size()) ||
      !SHA256_Final(digest, &context))
    failed();
  return hex(digest, SHA256_DIGEST_LENGTH);
}

std::string git_blob_id(std::string_view bytes) {
  std::string header = "blob " + std::to_string(bytes.size());
  header += '\0';
  SHA_CTX context;
  unsigned char digest[SHA_DIGEST_LENGTH];
  if (!SHA1_Init(&context) || !SHA1_Update(&context, header.data(), header.size()) ||
      !SHA1_Update(&context, bytes.data(), bytes.size()) || !SHA1_Final(digest, &context))
    failed();
  return hex(digest, SHA_DIGEST_LENGTH);
}

void Sha256::Free::operator()(SHA256state_st* context) const {
  delete context;
}

Sha256::Sha256() : context_(new SHA256_CTX) {
  if (!SHA256_Init(context_.get())) failed();
}

void Sha256::update(std::string_view bytes) {
  if (!SHA256_Update(context_.get(), bytes.data(), bytes.size())) failed();
}

std::string Sha256::hex_digest() {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (!SHA256_Final(digest, context_.get())) failed();
  return hex(digest, SHA256_DIGEST_LENGTH);
}

}  // namespace tars
