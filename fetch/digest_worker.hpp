// Hashing of large bodies on a background thread while the multi loop keeps transferring:
// chunks are copied into a bounded JobQueue and applied in order.
#pragma once
#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "fetch/job_queue.hpp"
#include "fetch/sha256.hpp"

namespace pc::io {

// What the worker owes one digest: chunks queued and not yet applied, and the first failure
// (written by the worker thread only, read after settle()).
struct DigestDebt {
  std::atomic<std::size_t> pending{0};
  std::string error;
};

class DigestWorker {
 public:
  // At most `max_queued_bytes` wait in the queue; each of `transfers` transfers stages at
  // most stage_bytes() before handing a block over (the queue's share per transfer, within
  // [kMinStageBytes, kMaxStageBytes]), so memory stays bounded whatever --max-in-flight is.
  DigestWorker(std::size_t max_queued_bytes, std::size_t transfers);
  static constexpr std::size_t kMinStageBytes = 64 * 1024, kMaxStageBytes = 1024 * 1024;
  std::size_t stage_bytes() const { return stage_bytes_; }

  // Queues `bytes` for `digest`; the caller must not touch `digest` until settle(debt)
  // returns.
  void update(Sha256& digest, DigestDebt& debt, std::vector<char> bytes);
  // Waits until every chunk queued under `debt` has been applied; returns its error ("" if none).
  std::string settle(DigestDebt& debt);

 private:
  std::size_t stage_bytes_;
  JobQueue queue_;
};

}  // namespace pc::io
