// A streaming SHA-256 digest (OpenSSL EVP): bodies are hashed as they arrive, never held.
#pragma once
#include <openssl/evp.h>

#include <cstddef>
#include <memory>
#include <string>

namespace pc::io {

class Sha256 {
 public:
  Sha256();
  void restart();
  void update(const void* data, std::size_t n);
  // Lower-case hex of the digest of everything since the last restart(), which must come
  // before the next update().
  std::string hex();

 private:
  struct Free {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

// Lower-case hex SHA-256 of the bytes of the file at `path`, read in 1 MiB blocks. Throws
// core::UsageError "WHAT: cannot read 'PATH': CAUSE" when it cannot be read.
std::string file_sha256(const std::string& path, const std::string& what);

}  // namespace pc::io
