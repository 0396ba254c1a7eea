#include "core/base/hash.h"

#include <openssl/evp.h>

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

std::string content_hash(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr)) failed();
  return hex(digest, length);
}

std::string git_blob_id(std::string_view bytes) {
  std::string header = "blob " + std::to_string(bytes.size());
  header += '\0';
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  bool ok = context && EVP_DigestInit_ex(context, EVP_sha1(), nullptr) &&
            EVP_DigestUpdate(context, header.data(), header.size()) &&
            EVP_DigestUpdate(context, bytes.data(), bytes.size()) &&
            EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  if (!ok) failed();
  return hex(digest, length);
}

void Sha256::Free::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_ || !EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr)) failed();
}

void Sha256::update(std::string_view bytes) {
  if (!EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size())) failed();
}

std::string Sha256::hex_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_DigestFinal_ex(context_.get(), digest, &length)) failed();
  return hex(digest, length);
}

}  // namespace tars
