// Hashing of large bodies on a background thread while the multi loop keeps transferring:
// chunks are copied into a bounded JobQueue and applied in order.
#pragma once
#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "io/job_queue.hpp"
#include "io/sha256.hpp"

namespace pc::io {

// What the worker owes one digest: chunks queued and not yet applied, and the first failure
// (written by the worker thread only, read after settle()).
struct DigestDebt {
  std::atomic<std::size_t> pending{0};
  std::string error;
};

class DigestWorker {
 public:
  explicit DigestWorker(std::size_t max_queued_bytes) : queue_(max_queued_bytes) {}

  // Queues `bytes` for `digest`; the caller must not touch `digest` until settle(debt)
  // returns.
  void update(Sha256& digest, DigestDebt& debt, std::vector<char> bytes);
  // Waits until every chunk queued under `debt` has been applied; returns its error ("" if none).
  std::string settle(DigestDebt& debt);

 private:
  JobQueue queue_;
};

}  // namespace pc::io
