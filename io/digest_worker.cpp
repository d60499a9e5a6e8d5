// One worker thread and one condition variable: enough, because a single SHA-256 stream runs
// faster than a loopback transfer delivers, and the queue bound keeps memory fixed.
#include "io/digest_worker.hpp"

#include <exception>

namespace pc::io {

DigestWorker::DigestWorker(std::size_t max_queued_bytes)
    : max_bytes_(max_queued_bytes), thread_([this] { run(); }) {}

DigestWorker::~DigestWorker() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void DigestWorker::update(Sha256& digest, DigestDebt& debt, const char* data, std::size_t n) {
  std::unique_lock<std::mutex> lock(mutex_);
  // A chunk larger than the whole bound still goes in once the queue is empty.
  changed_.wait(lock, [&] { return queued_bytes_ == 0 || queued_bytes_ + n <= max_bytes_; });
  jobs_.push_back({&digest, &debt, std::vector<char>(data, data + n)});
  queued_bytes_ += n;
  ++debt.pending;
  lock.unlock();
  changed_.notify_all();
}

std::string DigestWorker::settle(DigestDebt& debt) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return debt.pending == 0; });
  std::string error = std::move(debt.error);
  debt.error.clear();
  return error;
}

void DigestWorker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and nothing owed
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    std::string error;
    try {
      job.digest->update(job.bytes.data(), job.bytes.size());
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    queued_bytes_ -= job.bytes.size();
    if (!error.empty() && job.debt->error.empty()) job.debt->error = error;
    --job.debt->pending;
    changed_.notify_all();
  }
}

}  // namespace pc::io
