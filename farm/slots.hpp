// The slots of one rank: threads that each run one task at a time, fed from a queue, their
// results collected by the thread that talks to rank 0 (the only one that calls MPI).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "farm/task_result.hpp"

namespace pc::farm {

// A task handed to a slot: its place in the task list and how many times it ran before.
struct Assignment {
  std::uint32_t index = 0;
  std::int32_t attempt = 1;
  // Rank 0's own note, never sent: the rank its last attempt failed on (-1: none), which the
  // retry avoids where another rank can take it.
  std::int32_t failed_on = -1;
  std::chrono::steady_clock::time_point ready{};  // rank 0's too: a retry's backoff ends then
};

struct Finished {
  Assignment assignment;
  TaskResult result;
  bool interrupted = false;  // ended by a stop: not a result, to run again on resume
};

class Slots {
 public:
  // Runs `work(assignment, slot)` on `count` threads.
  using Work = std::function<Finished(const Assignment&, int slot)>;
  Slots(int count, Work work);
  ~Slots();  // waits for the running tasks; queued ones are dropped
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;

  int count() const { return static_cast<int>(threads_.size()); }
  void push(const Assignment& a);
  // Queued, running, or finished and not taken yet.
  std::size_t busy() const;
  // How many tasks to push now so that every slot has work for about 10 ms more, judged by
  // the tasks finished so far. Tasks of half a second or more (or none timed yet) queue none
  // beyond one a slot: the owner's round trip is nothing beside them, and a task that waits
  // in the queue starts later than its owner judged against a time limit.
  std::size_t wanted() const;
  // Drops the tasks not started yet and returns them (a stop: they go back untouched).
  std::vector<Assignment> drop_queued();
  // Hands what finished since the last call to `use`, in order. When nothing has, waits up
  // to `wait` for it; when something has but the queue is still well filled, waits up to
  // `wait` (at most about a millisecond more) for more, so short tasks wake the owner once
  // for many of them. No queued task starts while a failure is on its way to `use` or in it:
  // it may be the one that halts the farm, and `use` may then drop_queued().
  void take(std::chrono::milliseconds wait, const std::function<void(Finished&&)>& use);

  // While one lives, no queued task starts: a worker rank keeps its queue still from a
  // failure until rank 0 has judged it (the failure may halt the farm). It must not outlive
  // its Slots.
  class Hold {
   public:
    explicit Hold(Slots& slots);
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    Slots& slots_;
  };

 private:
  void serve(int slot);
  // Whether the owner should look now (the mutex held).
  bool owner_needed() const;
  // Ends holds on the queue (the mutex not held): failures `use` is done with, Holds gone.
  void release(std::size_t failures, std::size_t holds);
  Work work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_slots_, wake_owner_;
  std::deque<Assignment> queue_;
  std::vector<Finished> done_;
  std::chrono::steady_clock::time_point first_done_;  // when done_ last became non-empty
  std::size_t running_ = 0;
  // Failed results that `use` has not finished with: no queued task starts while one waits.
  std::size_t failures_waiting_ = 0;
  std::size_t holds_ = 0;  // Hold objects alive
  double task_seconds_ = 0;
  std::int64_t timed_ = 0;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pc::farm
