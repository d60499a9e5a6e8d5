#include "farm/slots.hpp"

#include <exception>

namespace pc::farm {

Slots::Slots(int count, Work work) : work_(std::move(work)) {
  threads_.reserve(static_cast<std::size_t>(count));
  for (int s = 0; s < count; ++s) threads_.emplace_back([this, s] { serve(s); });
}

Slots::~Slots() {
  {
    const std::lock_guard lock(mutex_);
    closing_ = true;
    queue_.clear();
  }
  wake_slots_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void Slots::push(const Assignment& a) {
  {
    const std::lock_guard lock(mutex_);
    queue_.push_back(a);
  }
  wake_slots_.notify_one();
}

std::size_t Slots::busy() const {
  const std::lock_guard lock(mutex_);
  return queue_.size() + running_ + done_.size();
}

std::vector<Assignment> Slots::drop_queued() {
  const std::lock_guard lock(mutex_);
  std::vector<Assignment> dropped(queue_.begin(), queue_.end());
  queue_.clear();
  return dropped;
}

std::vector<Finished> Slots::take(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (done_.empty() && wait.count() > 0) wake_owner_.wait_for(lock, wait, [this] { return !done_.empty(); });
  std::vector<Finished> out;
  out.swap(done_);
  return out;
}

void Slots::serve(int slot) {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_slots_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing
    const Assignment a = queue_.front();
    queue_.pop_front();
    ++running_;
    lock.unlock();
    // A task's own failures are results (work_ catches them); what escapes is a bug, and a
    // slot thread that throws would take the process down without a word.
    Finished f;
    try {
      f = work_(a, slot);
    } catch (const std::exception& e) {
      f.assignment = a;
      f.result.status = Status::failed;
      f.result.failure = Failure::start;
      f.result.error = e.what();
    }
    lock.lock();
    --running_;
    done_.push_back(std::move(f));
    wake_owner_.notify_one();
  }
}

}  // namespace pc::farm
