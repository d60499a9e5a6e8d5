// Three passes over each off-diagonal tile (pack, send, add): the price of ranks that do
// not share memory.
#include "mpi/transpose_alltoall.hpp"

#include <limits>
#include <string>

#include "core/error.hpp"
#include "omp/transpose.hpp"

namespace pc::mpi::transpose {

AlltoallExchange::AlltoallExchange(const Comm& comm, const kernels::transpose::Params& p)
    : comm_(comm), p_(p), mine_(core::block_range(p.n, comm.size, comm.rank)) {
  // Rank 0's exchange is the largest (its block is the largest, and at most half of n when
  // there are two blocks), so every rank reaches the same verdict.
  const std::int64_t first = core::block_range(p.n, comm.size, 0).size();
  if (comm.size > 1 && first * (p.n - first) > std::numeric_limits<int>::max())
    throw core::UsageError("--size: " + std::to_string(p.n) + " is too large for " + std::to_string(comm.size) +
                           " ranks with --exchange alltoall (a rank's exchange exceeds 2^31 elements; accepted: a "
                           "smaller --size, more ranks, or --exchange shared on one node)");
  a_ = core::Buffer<double>(static_cast<std::size_t>(mine_.size() * p.n));
  omp::transpose::init_a(p, mine_, a_.data());
  counts_.resize(static_cast<std::size_t>(comm.size));
  displs_.resize(counts_.size());
  std::int64_t total = 0;
  for (int r = 0; r < comm.size; ++r) {
    const std::int64_t cells = r == comm.rank ? 0 : core::block_range(p.n, comm.size, r).size() * mine_.size();
    counts_[static_cast<std::size_t>(r)] = static_cast<int>(cells);
    displs_[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += cells;
  }
  send_ = core::Buffer<double>(static_cast<std::size_t>(total));
  recv_ = core::Buffer<double>(static_cast<std::size_t>(total));
}

void AlltoallExchange::step(double* b) {
  const std::int64_t n = p_.n;
  if (mine_.size() > 0) {
    for (int r = 0; r < comm_.size; ++r) {
      const core::Range theirs = core::block_range(n, comm_.size, r);
      if (r == comm_.rank || theirs.size() == 0) continue;  // the diagonal block stays here (below)
      omp::transpose::parallel_transpose(false, a_.data() + theirs.begin, n,
                                         send_.data() + displs_[static_cast<std::size_t>(r)], mine_.size(),
                                         mine_.size(), theirs.size(), p_.tile);
    }
  }
  if (comm_.size > 1)  // alone, every tile is the diagonal one
    check(MPI_Alltoallv(send_.data(), counts_.data(), displs_.data(), MPI_DOUBLE, recv_.data(), counts_.data(),
                        displs_.data(), MPI_DOUBLE, comm_.handle),
          "MPI_Alltoallv");
  if (mine_.size() == 0) return;
  // B(R_me, R_me) += A(R_me, R_me)^T without a copy through the buffers.
  omp::transpose::parallel_transpose(true, a_.data() + mine_.begin, n, b + mine_.begin, n, mine_.size(), mine_.size(),
                                     p_.tile);
  for (int s = 0; s < comm_.size; ++s) {
    const core::Range theirs = core::block_range(n, comm_.size, s);
    if (s == comm_.rank || theirs.size() == 0) continue;
    omp::transpose::parallel_add(recv_.data() + displs_[static_cast<std::size_t>(s)], theirs.size(), b + theirs.begin,
                                 n, mine_.size(), theirs.size());
  }
  omp::transpose::increment_a(p_, mine_, a_.data());
}

}  // namespace pc::mpi::transpose
