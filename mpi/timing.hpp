// PRK-style timing: one untimed warm-up step, then timed steps, each started together
// (barrier) and ended together (barrier), so that a step lasts until the slowest rank is
// done even when ranks share cores and do not all start at once.
#pragma once
#include <chrono>
#include <vector>

#include "mpi/comm.hpp"

namespace pc::mpi {

template <class Step>
std::vector<double> timed_steps(const Comm& comm, int iterations, Step&& step) {
  using clock = std::chrono::steady_clock;
  step();
  std::vector<double> seconds;
  for (int it = 0; it < iterations; ++it) {
    barrier(comm);
    const auto t0 = clock::now();
    step();
    barrier(comm);
    seconds.push_back(max_over_ranks(comm, std::chrono::duration<double>(clock::now() - t0).count()));
  }
  return seconds;
}

}  // namespace pc::mpi
