// PRK-style timing: one untimed warm-up step, then timed steps, each started together
// (barrier) and ended together (barrier), so that a step lasts until the slowest rank is
// done even when ranks share cores and do not all start at once.
#pragma once
#include <chrono>
#include <functional>
#include <utility>
#include <vector>

#include "mpi/comm.hpp"

namespace pc::mpi {

// Told after the warm-up (step 0) and after each timed step: step, timed steps, seconds.
using StepObserver = std::function<void(int, int, double)>;

// One per thread: the farm runs kernels on several threads at once, each with its own.
inline StepObserver& step_observer() {
  thread_local StepObserver observer;
  return observer;
}

// While alive, timed_steps reports every step to `observer` (e.g. a progress line).
class ObserveSteps {
 public:
  explicit ObserveSteps(StepObserver observer) { step_observer() = std::move(observer); }
  ~ObserveSteps() { step_observer() = nullptr; }
  ObserveSteps(const ObserveSteps&) = delete;
  ObserveSteps& operator=(const ObserveSteps&) = delete;
};

template <class Step> std::vector<double> timed_steps(const Comm& comm, int iterations, Step&& step) {
  using clock = std::chrono::steady_clock;
  auto seconds_since = [](clock::time_point t0) { return std::chrono::duration<double>(clock::now() - t0).count(); };
  const auto w0 = clock::now();
  step();
  if (const StepObserver& tell = step_observer()) tell(0, iterations, seconds_since(w0));
  std::vector<double> seconds;
  for (int it = 0; it < iterations; ++it) {
    barrier(comm);
    const auto t0 = clock::now();
    step();
    barrier(comm);
    seconds.push_back(max_over_ranks(comm, seconds_since(t0)));
    if (const StepObserver& tell = step_observer()) tell(it + 1, iterations, seconds.back());
  }
  return seconds;
}

}  // namespace pc::mpi
