// SHA-256 through OpenSSL's EVP interface; every call is checked and names itself on failure.
#include "fetch/sha256.hpp"

#include <openssl/err.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/error.hpp"

namespace pc::io {

namespace {

void check_ssl(int rc, const char* call) {
  if (rc == 1) return;
  char text[256] = "no OpenSSL error queued";
  if (const unsigned long e = ERR_get_error(); e != 0) ERR_error_string_n(e, text, sizeof text);
  throw core::LibraryError("OpenSSL", call, text);
}

// Fetched once: passing EVP_sha256() would make OpenSSL 3 look the implementation up again
// at every init, which shows at tens of thousands of small bodies a second.
const EVP_MD* sha256_md() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw core::LibraryError("OpenSSL", "EVP_MD_CTX_new", "returned NULL (out of memory?)");
  restart();
}

void Sha256::restart() { check_ssl(EVP_DigestInit_ex(ctx_.get(), sha256_md(), nullptr), "EVP_DigestInit_ex"); }

void Sha256::update(const void* data, std::size_t n) {
  if (n > 0) check_ssl(EVP_DigestUpdate(ctx_.get(), data, n), "EVP_DigestUpdate");
}

std::string Sha256::hex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  check_ssl(EVP_DigestFinal_ex(ctx_.get(), md, &len), "EVP_DigestFinal_ex");
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * len, '\0');
  for (unsigned int i = 0; i < len; ++i) {
    out[2 * i] = kDigits[md[i] >> 4];
    out[2 * i + 1] = kDigits[md[i] & 0xf];
  }
  return out;
}

std::string file_sha256(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::UsageError(what + ": cannot read '" + path + "': " + std::strerror(errno));
  Sha256 digest;
  digest.restart();
  std::vector<char> block(std::size_t{1} << 20);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    digest.update(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw core::UsageError(what + ": error reading '" + path + "'");
  return digest.hex();
}

}  // namespace pc::io
