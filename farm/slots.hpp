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
  // Queued, running, or finished and not taken yet: a slot whose result the owner has not
  // seen is not free, or a task could start before the result that halts the farm is counted.
  std::size_t busy() const;
  // Drops the tasks not started yet and returns them (a stop: they go back untouched).
  std::vector<Assignment> drop_queued();
  // What finished since the last call, waiting up to `wait` for the first when none has.
  std::vector<Finished> take(std::chrono::milliseconds wait);

 private:
  void serve(int slot);
  Work work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_slots_, wake_owner_;
  std::deque<Assignment> queue_;
  std::vector<Finished> done_;
  std::size_t running_ = 0;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pc::farm
