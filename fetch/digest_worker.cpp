// A single SHA-256 stream runs faster than a loopback transfer delivers, so one thread is
// enough; the queue bound keeps memory fixed when it does fall behind.
#include "fetch/digest_worker.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace pc::io {

DigestWorker::DigestWorker(std::size_t max_queued_bytes, std::size_t transfers)
    : stage_bytes_(std::clamp<std::size_t>(max_queued_bytes / std::max<std::size_t>(transfers, 1), kMinStageBytes,
                                           kMaxStageBytes)),
      queue_(max_queued_bytes) {}

void DigestWorker::update(Sha256& digest, DigestDebt& debt, std::vector<char> bytes) {
  const std::size_t n = bytes.size();
  ++debt.pending;
  auto job = [&digest, &debt, bytes = std::move(bytes)] {
    try {
      digest.update(bytes.data(), bytes.size());
    } catch (const std::exception& e) {
      if (debt.error.empty()) debt.error = e.what();
    }
    --debt.pending;
  };
  try {
    queue_.push(n, std::move(job));
  } catch (...) {  // not queued (out of memory): settle() must not wait for it
    --debt.pending;
    throw;
  }
}

std::string DigestWorker::settle(DigestDebt& debt) {
  queue_.wait_for([&] { return debt.pending == 0; });
  return std::exchange(debt.error, std::string());
}

}  // namespace pc::io
