// A thread that hashes large bodies while the multi loop keeps transferring: chunks are copied
// into a bounded queue (the loop waits only when the queue is full) and applied in order.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/sha256.hpp"

namespace pc::io {

// What the worker owes one digest: chunks queued and not yet applied, and the first failure.
struct DigestDebt {
  std::size_t pending = 0;
  std::string error;
};

class DigestWorker {
 public:
  explicit DigestWorker(std::size_t max_queued_bytes);
  ~DigestWorker();
  DigestWorker(const DigestWorker&) = delete;
  DigestWorker& operator=(const DigestWorker&) = delete;

  // Queues a copy of data[0, n) for `digest`; the caller must not touch `digest` until
  // settle(debt) returns.
  void update(Sha256& digest, DigestDebt& debt, const char* data, std::size_t n);
  // Waits until every chunk queued under `debt` has been applied; returns its error ("" if none).
  std::string settle(DigestDebt& debt);

 private:
  struct Job {
    Sha256* digest;
    DigestDebt* debt;
    std::vector<char> bytes;
  };
  void run();

  const std::size_t max_bytes_;
  std::size_t queued_bytes_ = 0;
  bool stopping_ = false;
  std::deque<Job> jobs_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
};

}  // namespace pc::io
