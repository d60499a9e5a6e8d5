// nstream over ranks. There is no communication but the timing barriers and the final gather.
#include "mpi/nstream.hpp"

#include "core/ordered_sum.hpp"
#include "mpi/timing.hpp"
#include "omp/nstream.hpp"

namespace pc::mpi::nstream {

namespace k = kernels::nstream;

KernelResult run(const Comm& comm, const k::Params& p) {
  const core::Range mine = core::block_range(k::block_count(p.length), comm.size, comm.rank);
  omp::nstream::Arrays x = omp::nstream::setup(p, mine);
  KernelResult r;
  r.seconds = timed_steps(comm, p.iterations, [&] { omp::nstream::step(p, x); });
  const std::vector<double> sums = gather_blocks(comm, omp::nstream::block_checksums(p, x));
  if (comm.root()) r.validation = k::validate(p, p.iterations + 1, core::ordered_sum(sums));
  r.work = k::bytes_per_step(p);
  return r;
}

}  // namespace pc::mpi::nstream
