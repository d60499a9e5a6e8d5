// Times mpi::map over N trivial items under each schedule, alternating, and prints one JSON
// line per schedule with the median seconds (rank 0). Usage: pc_map_bench [N] [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "mpi/env.hpp"
#include "mpi/map.hpp"

using namespace pc;

int main(int argc, char** argv) {
  mpi::Env env(argc, argv);
  const mpi::Comm comm = mpi::Comm::world();
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 100000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
  std::vector<std::int64_t> inputs;
  if (comm.root())
    for (std::int64_t i = 0; i < n; ++i) inputs.push_back(i);
  std::vector<double> seconds[2];
  for (int r = 0; r < rounds; ++r) {
    for (int s = 0; s < 2; ++s) {
      const mpi::MapOptions options{.schedule = s == 0 ? mpi::Schedule::blocks : mpi::Schedule::dynamic};
      mpi::barrier(comm);
      const auto t0 = std::chrono::steady_clock::now();
      const auto mapped = mpi::map(comm, inputs, [](std::int64_t i) { return i * i; }, options);
      mpi::barrier(comm);
      seconds[s].push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (comm.root() && (mapped.results.size() != inputs.size() || mapped.results.back() != (n - 1) * (n - 1)))
        return 1;
    }
  }
  if (comm.root()) {
    for (int s = 0; s < 2; ++s) {
      std::sort(seconds[s].begin(), seconds[s].end());
      std::printf("{\"schedule\": \"%s\", \"items\": %lld, \"ranks\": %d, \"rounds\": %d, \"median_seconds\": %.6f}\n",
                  s == 0 ? "blocks" : "dynamic", static_cast<long long>(n), comm.size, rounds,
                  seconds[s][seconds[s].size() / 2]);
    }
  }
  return 0;
}
