// Jobs run outside the lock; every change of state wakes every waiter, which is cheap at the
// rates here (one job per body chunk of 16 KiB or more).
#include "fetch/job_queue.hpp"

namespace pc::io {

JobQueue::JobQueue(std::size_t max_bytes) : max_bytes_(max_bytes), thread_([this] { work(); }) {}

JobQueue::~JobQueue() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void JobQueue::push(std::size_t bytes, std::function<void()> job) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return queued_bytes_ == 0 || queued_bytes_ + bytes <= max_bytes_; });
  jobs_.push_back({bytes, std::move(job)});
  queued_bytes_ += bytes;
  lock.unlock();
  changed_.notify_all();
}

void JobQueue::wait_for(const std::function<bool()>& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, done);
}

void JobQueue::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return jobs_.empty() && !busy_; });
}

void JobQueue::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    busy_ = true;
    lock.unlock();
    job.run();  // jobs catch their own exceptions: one escaping here would end the process
    lock.lock();
    busy_ = false;
    queued_bytes_ -= job.bytes;
    changed_.notify_all();
  }
}

}  // namespace pc::io
