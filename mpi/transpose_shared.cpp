// Rank r adds A(R_s, R_r)^T into columns R_s of its rows of B for every rank s, reading
// A(R_s, R_r) in place in rank s's segment: one pass over A and B, as with threads.
#include "mpi/transpose_shared.hpp"

#include "omp/transpose.hpp"

namespace pc::mpi::transpose {

SharedExchange::SharedExchange(const Comm& comm, const kernels::transpose::Params& p)
    : comm_(comm),
      p_(p),
      mine_(core::block_range(p.n, comm.size, comm.rank)),
      window_(comm, static_cast<std::size_t>(mine_.size() * p.n) * sizeof(double)) {
  if (mine_.size() > 0) omp::transpose::init_a(p, mine_, window_.segment<double>(comm.rank));
  window_.sync();
}

void SharedExchange::step(double* b) {
  const std::int64_t n = p_.n;
  if (mine_.size() > 0) {
    for (int s = 0; s < comm_.size; ++s) {
      const core::Range theirs = core::block_range(n, comm_.size, s);
      if (theirs.size() == 0) continue;  // ranks without rows may have no segment at all
      omp::transpose::parallel_transpose(true, window_.segment<const double>(s) + mine_.begin, n, b + theirs.begin, n,
                                         theirs.size(), mine_.size(), p_.tile);
    }
  }
  window_.sync();  // no rank still reads A ...
  if (mine_.size() > 0) omp::transpose::increment_a(p_, mine_, window_.segment<double>(comm_.rank));
  window_.sync();  // ... and every rank sees A + 1 in the next step
}

}  // namespace pc::mpi::transpose
