#include "farm/slots.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

namespace pc::farm {

namespace {

using Clock = std::chrono::steady_clock;

// How long a finished short task may wait for its owner to look: long enough to gather many
// (a wake-up per task costs more than a `run noop` task), short beside the journal's commit.
constexpr std::chrono::microseconds kGather{1000};

bool failure_holds(const Finished& f) { return f.result.failed() && !f.interrupted; }

}  // namespace

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

std::size_t Slots::wanted() const {
  const std::lock_guard lock(mutex_);
  const double mean = timed_ > 0 ? task_seconds_ / static_cast<double>(timed_) : 1.0;
  const double per_slot = mean >= 0.5 ? 0.0 : std::clamp(std::ceil(0.01 / std::max(mean, 1e-7)), 1.0, 256.0);
  const std::size_t target = threads_.size() * (1 + static_cast<std::size_t>(per_slot));
  const std::size_t busy = queue_.size() + running_ + done_.size();
  return busy >= target ? 0 : target - busy;
}

std::vector<Assignment> Slots::drop_queued() {
  const std::lock_guard lock(mutex_);
  std::vector<Assignment> dropped(queue_.begin(), queue_.end());
  queue_.clear();
  return dropped;
}

bool Slots::owner_needed() const {
  if (done_.empty()) return false;
  return failures_waiting_ > 0 || queue_.size() < threads_.size() || Clock::now() - first_done_ >= kGather;
}

void Slots::take(std::chrono::milliseconds wait, const std::function<void(Finished&&)>& use) {
  std::vector<Finished> out;
  {
    std::unique_lock lock(mutex_);
    const Clock::time_point until = Clock::now() + wait;
    while (!owner_needed()) {
      Clock::time_point wake = until;
      if (!done_.empty()) wake = std::min(wake, first_done_ + kGather);
      if (Clock::now() >= wake) break;
      wake_owner_.wait_until(lock, wake);
    }
    out.swap(done_);
  }
  // The hold ends after `use`, also when it throws (a journal that cannot be written), so
  // that the slots can still be closed.
  const std::size_t failures = static_cast<std::size_t>(std::count_if(out.begin(), out.end(), failure_holds));
  struct Release {
    Slots& slots;
    std::size_t failures;
    ~Release() {
      if (failures > 0) slots.release(failures, 0);
    }
  } release{*this, failures};
  for (Finished& f : out) use(std::move(f));
}

Slots::Hold::Hold(Slots& slots) : slots_(slots) {
  const std::lock_guard lock(slots_.mutex_);
  ++slots_.holds_;
}

Slots::Hold::~Hold() { slots_.release(0, 1); }

void Slots::release(std::size_t failures, std::size_t holds) {
  {
    const std::lock_guard lock(mutex_);
    failures_waiting_ -= failures;
    holds_ -= holds;
    if (failures_waiting_ > 0 || holds_ > 0) return;
  }
  wake_slots_.notify_all();
}

void Slots::serve(int slot) {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_slots_.wait(lock, [this] { return closing_ || (!queue_.empty() && failures_waiting_ == 0 && holds_ == 0); });
    if (closing_) return;
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
    task_seconds_ += f.result.seconds;
    ++timed_;
    const bool first = done_.empty();
    if (first) first_done_ = Clock::now();
    if (failure_holds(f)) ++failures_waiting_;
    done_.push_back(std::move(f));
    // The first result lets a waiting owner set its wake-up time; later ones wake it only
    // when it is needed.
    if (first || owner_needed()) wake_owner_.notify_one();
  }
}

}  // namespace pc::farm
