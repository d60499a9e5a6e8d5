// Scatter sizes, compute, gather records: the process model wrapped around the thread model.
#include "mpi/sumsq.hpp"

#include <chrono>

#include "omp/sumsq.hpp"
#include "omp/threads.hpp"

namespace pc::mpi::sumsq {

Run run(const Comm& comm, const std::vector<std::uint64_t>& sizes) {
  const std::vector<std::uint64_t> mine = scatter_blocks(comm, sizes);
  omp::warm_up();
  using clock = std::chrono::steady_clock;
  // Start together, so the slowest rank's elapsed time is the phase's, even when ranks
  // share cores and take turns.
  barrier(comm);
  const auto start = clock::now();
  std::vector<TaskResult> done;
  done.reserve(mine.size());
  for (std::uint64_t n : mine) {
    const auto t0 = clock::now();
    const core::u128 sum = omp::sumsq::run(n);
    const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
    done.push_back({n, core::high_word(sum), core::low_word(sum), seconds, comm.rank, omp::max_threads()});
  }
  barrier(comm);  // until the last rank is done: the phase's elapsed time on every clock
  const double mine_seconds = std::chrono::duration<double>(clock::now() - start).count();
  Run out;
  out.results = gather_blocks(comm, done);
  out.compute_seconds = max_over_ranks(comm, mine_seconds);
  return out;
}

}  // namespace pc::mpi::sumsq
