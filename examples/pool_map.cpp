// The process and thread models: Python's multiprocessing.Pool(4).map of a sum of squares,
// as mpi::map over ranks (mpirun -n 4 ./pool_map) and OpenMP threads in each rank, exact in
// 128 bits. Usage: pool_map [TASKS] [N]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <parcompute/parcompute.hpp>

int main(int argc, char** argv) {
  pc::mpi::Launch launch(argc, argv);  // MPI only when there are several ranks
  const pc::mpi::Comm& comm = launch.comm();
  const int tasks = argc > 1 ? std::atoi(argv[1]) : 4;
  const std::uint64_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10'000'000;

  std::vector<std::uint64_t> sizes(comm.root() ? static_cast<std::size_t>(tasks) : 0, n);  // inputs: rank 0
  const auto mapped = pc::mpi::map(comm, sizes, [](std::uint64_t size) {
    return pc::kernels::sumsq::block_sum(0, size);  // sum of i*i for 0 <= i < size, one loop
  });

  if (!comm.root()) return 0;
  for (std::size_t t = 0; t < mapped.results.size(); ++t)
    std::printf("task %zu: %s\n", t, pc::core::to_string(mapped.results[t]).c_str());
  for (const pc::mpi::ItemError& e : mapped.errors)
    std::printf("task %lld failed on rank %d: %s\n", static_cast<long long>(e.item), e.rank, e.message.c_str());
  return mapped.ok() ? 0 : 1;
}
