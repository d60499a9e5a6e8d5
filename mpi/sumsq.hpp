// The MPI driver of sumsq: tasks (one size each) scattered in blocks over the ranks, each
// computed by the OpenMP driver inside its rank, the results gathered to rank 0 in order.
#pragma once
#include <cstdint>
#include <vector>

#include "mpi/comm.hpp"

namespace pc::mpi::sumsq {

struct TaskResult {
  std::uint64_t size = 0;
  std::uint64_t sum_hi = 0;  // the exact sum as two 64-bit words
  std::uint64_t sum_lo = 0;
  double seconds = 0;
  std::int32_t rank = 0;
  std::int32_t threads = 0;
};

struct Run {
  std::vector<TaskResult> results;  // on rank 0, one per task in task order
  double compute_seconds = 0;       // the compute phase: common start to the last rank's end
};

// `sizes` is read on rank 0 only.
Run run(const Comm& comm, const std::vector<std::uint64_t>& sizes);

}  // namespace pc::mpi::sumsq
