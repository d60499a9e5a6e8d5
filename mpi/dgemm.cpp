// No communication inside a step: each rank multiplies its rows of A by all of B.
#include "mpi/dgemm.hpp"

#include <limits>

#include "core/error.hpp"
#include "core/ordered_sum.hpp"
#include "mpi/timing.hpp"
#include "omp/dgemm.hpp"

namespace pc::mpi::dgemm {

namespace k = kernels::dgemm;

KernelResult run(const Comm& comm, const k::Params& p, bool keep_field) {
  if (p.n * p.n > std::numeric_limits<int>::max())
    throw core::UsageError("--size: " + std::to_string(p.n) + " is too large to broadcast B in one message " +
                           "(accepted: at most 46340)");
  omp::dgemm::Matrices x = omp::dgemm::setup(p, core::block_range(p.n, comm.size, comm.rank), comm.root());
  broadcast_values(comm, x.b.data(), static_cast<int>(p.n * p.n));
  KernelResult r;
  r.seconds = timed_steps(comm, p.iterations, [&] { omp::dgemm::multiply_add(x); });
  const std::vector<double> sums = gather_blocks(comm, omp::dgemm::row_sums(x));  // rows in order
  if (comm.root()) r.validation = k::validate(p.n, p.iterations + 1, core::ordered_sum(sums));
  r.work = k::flops_per_step(p.n);
  if (keep_field) {
    const auto n = static_cast<std::uint64_t>(p.n);
    r.field = Field{{n, n},
                    {static_cast<std::uint64_t>(x.rows.begin), 0},
                    {static_cast<std::uint64_t>(x.rows.size()), n},
                    std::move(x.c)};
  }
  return r;
}

}  // namespace pc::mpi::dgemm
