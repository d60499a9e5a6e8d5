// What both exchanges share: the rows of B, the timing, the checksum over rows in order and
// the field; and the choice between the exchanges.
#include "mpi/transpose.hpp"

#include <string>

#include "core/error.hpp"
#include "mpi/timing.hpp"
#include "mpi/transpose_alltoall.hpp"
#include "mpi/transpose_shared.hpp"
#include "omp/transpose.hpp"

namespace pc::mpi::transpose {

namespace k = kernels::transpose;

const char* name(Exchange e) {
  switch (e) {
    case Exchange::automatic: return "auto";
    case Exchange::alltoall: return "alltoall";
    case Exchange::shared: return "shared";
  }
  return "?";
}

Exchange resolve(Exchange asked, bool one_node, int ranks) {
  if (asked == Exchange::automatic) return one_node ? Exchange::shared : Exchange::alltoall;
  if (asked == Exchange::shared && !one_node)
    throw core::UsageError("--exchange: 'shared' needs every rank on one node, but the " + std::to_string(ranks) +
                           " ranks span several nodes (accepted here: auto or alltoall)");
  return asked;
}

namespace {

template <class X> KernelResult run_with(const Comm& comm, const k::Params& p, bool keep_field) {
  const core::Range mine = core::block_range(p.n, comm.size, comm.rank);
  X exchange(comm, p);
  core::Buffer<double> b(static_cast<std::size_t>(mine.size() * p.n));
  omp::transpose::init_b(p, mine, b.data());

  KernelResult result;
  result.seconds = timed_steps(comm, p.iterations, [&] { exchange.step(b.data()); });
  std::vector<double> sums, errs;
  for (const auto& c : omp::transpose::row_checks(p, mine, b.data(), p.iterations + 1)) {
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
    const auto n = static_cast<std::uint64_t>(p.n);
    result.field = Field{{n, n},
                         {static_cast<std::uint64_t>(mine.begin), 0},
                         {static_cast<std::uint64_t>(mine.size()), n},
                         std::move(b)};
  }
  return result;
}

}  // namespace

KernelResult run(const Comm& comm, const k::Params& p, Exchange exchange, bool keep_field) {
  if (exchange == Exchange::automatic) throw core::Error("transpose: run() needs a resolved exchange");
  if (exchange == Exchange::shared) return run_with<SharedExchange>(comm, p, keep_field);
  return run_with<AlltoallExchange>(comm, p, keep_field);
}

}  // namespace pc::mpi::transpose
