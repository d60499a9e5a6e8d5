// Rank s holds rows R_s. B(R_r, R_s) += A(R_s, R_r)^T, so rank s packs A(R_s, R_r)
// transposed for each rank r, and r adds what it receives from s into columns R_s of B.
#include "mpi/transpose.hpp"

#include <limits>

#include "core/error.hpp"
#include "mpi/timing.hpp"
#include "omp/transpose.hpp"

namespace pc::mpi::transpose {

namespace k = kernels::transpose;

KernelResult run(const Comm& comm, const k::Params& p, bool keep_field) {
  const core::Range mine = core::block_range(p.n, comm.size, comm.rank);
  omp::transpose::Rows x = omp::transpose::setup(p, mine);
  std::vector<int> counts(static_cast<std::size_t>(comm.size)), displs(counts.size());
  std::int64_t total = 0;
  for (int r = 0; r < comm.size; ++r) {
    const std::int64_t cells = r == comm.rank ? 0 : core::block_range(p.n, comm.size, r).size() * mine.size();
    if (total + cells > std::numeric_limits<int>::max())
      throw core::UsageError("--size: " + std::to_string(p.n) + " is too large for " + std::to_string(comm.size) +
                             " ranks (a rank's exchange exceeds 2^31 elements; accepted: a smaller --size or more ranks)");
    counts[static_cast<std::size_t>(r)] = static_cast<int>(cells);
    displs[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += cells;
  }
  core::Buffer<double> send(static_cast<std::size_t>(total)), recv(static_cast<std::size_t>(total));

  auto step = [&] {
    if (comm.size == 1) return omp::transpose::step_whole(p, x);
    for (int r = 0; r < comm.size; ++r) {
      if (r == comm.rank) continue;  // the diagonal block stays here (below)
      const core::Range theirs = core::block_range(p.n, comm.size, r);
      omp::transpose::parallel_transpose(false, x.a.data() + theirs.begin, p.n,
                                         send.data() + displs[static_cast<std::size_t>(r)], mine.size(), mine.size(),
                                         theirs.size(), p.tile);
    }
    check(MPI_Alltoallv(send.data(), counts.data(), displs.data(), MPI_DOUBLE, recv.data(), counts.data(),
                        displs.data(), MPI_DOUBLE, comm.handle),
          "MPI_Alltoallv");
    // B(R_me, R_me) += A(R_me, R_me)^T without a copy through the buffers.
    omp::transpose::parallel_transpose(true, x.a.data() + mine.begin, p.n, x.b.data() + mine.begin, p.n, mine.size(),
                                       mine.size(), p.tile);
    for (int s = 0; s < comm.size; ++s) {
      if (s == comm.rank) continue;
      const core::Range theirs = core::block_range(p.n, comm.size, s);
      omp::transpose::parallel_add(recv.data() + displs[static_cast<std::size_t>(s)], theirs.size(),
                                   x.b.data() + theirs.begin, p.n, mine.size(), theirs.size());
    }
    omp::transpose::increment_a(x);
  };

  KernelResult result;
  result.seconds = timed_steps(comm, p.iterations, step);
  std::vector<double> sums, errs;
  for (const auto& c : omp::transpose::row_checks(p, x, p.iterations + 1)) {
    sums.push_back(c.sum);
    errs.push_back(c.abserr);
  }
  sums = gather_blocks(comm, sums);  // rows in order: blocks are contiguous and in rank order
  errs = gather_blocks(comm, errs);
  if (comm.root()) {
    double sum = 0, abserr = 0;
    for (std::size_t i = 0; i < sums.size(); ++i) {
      sum += sums[i];
      abserr += errs[i];
    }
    result.validation = k::validate(p.n, p.iterations + 1, sum, abserr);
  }
  result.work = k::bytes_per_step(p.n);
  if (keep_field) {
    const auto n = static_cast<hsize_t>(p.n);
    result.field = Field{{n, n}, {static_cast<hsize_t>(mine.begin), 0}, {static_cast<hsize_t>(mine.size()), n},
                         std::move(x.b)};
  }
  return result;
}

}  // namespace pc::mpi::transpose
