// A single SHA-256 stream runs faster than a loopback transfer delivers, so one thread is
// enough; the queue bound keeps memory fixed when it does fall behind.
#include "io/digest_worker.hpp"

#include <exception>
#include <utility>

namespace pc::io {

void DigestWorker::update(Sha256& digest, DigestDebt& debt, std::vector<char> bytes) {
  ++debt.pending;
  const std::size_t n = bytes.size();
  queue_.push(n, [&digest, &debt, bytes = std::move(bytes)] {
    try {
      digest.update(bytes.data(), bytes.size());
    } catch (const std::exception& e) {
      if (debt.error.empty()) debt.error = e.what();
    }
    --debt.pending;
  });
}

std::string DigestWorker::settle(DigestDebt& debt) {
  queue_.wait_for([&] { return debt.pending == 0; });
  return std::exchange(debt.error, std::string());
}

}  // namespace pc::io
