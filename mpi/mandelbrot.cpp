// Dynamic rows over ranks without a dedicated manager: rank 0 works on a few rows at a time
// and answers the requests that arrived meanwhile, so the workers wait at most that long.
#include "mpi/mandelbrot.hpp"

#include <algorithm>

#include "mpi/timing.hpp"
#include "omp/threads.hpp"

namespace pc::mpi::mandelbrot {

namespace k = kernels::mandelbrot;

namespace {

constexpr int kAsk = 7101;
constexpr int kGive = 7102;

struct Pass {
  const Comm& comm;
  const k::Params& p;
  Schedule s;
  std::vector<std::int32_t> image;  // the rows being computed (counts are not kept yet)
  std::vector<std::int64_t> sums;   // per row; rows done elsewhere stay 0

  void compute(std::int64_t y0, std::int64_t y1) {
    image.resize(static_cast<std::size_t>((y1 - y0) * p.size));
    omp::mandelbrot::rows(p, s, y0, y1, image.data(), sums.data());
  }

  void run_static() {
    const core::Range mine = core::block_range(p.size, comm.size, comm.rank);
    compute(mine.begin, mine.end);
  }

  void run_dynamic() {
    const std::int64_t chunk = std::max<std::int64_t>(1, p.size / (8 * comm.size));
    if (comm.size == 1) return compute(0, p.size);
    if (!comm.root()) {
      for (;;) {
        std::int64_t start = -1;
        const int ask = 0;
        check(MPI_Send(&ask, 1, MPI_INT, 0, kAsk, comm.handle), "MPI_Send");
        check(MPI_Recv(&start, 1, MPI_INT64_T, 0, kGive, comm.handle, MPI_STATUS_IGNORE), "MPI_Recv");
        if (start < 0) return;
        compute(start, std::min(p.size, start + chunk));
      }
    }
    std::int64_t next = 0;
    int released = 0;
    auto answer = [&](int source) {
      int ask = 0;
      check(MPI_Recv(&ask, 1, MPI_INT, source, kAsk, comm.handle, MPI_STATUS_IGNORE), "MPI_Recv");
      std::int64_t start = -1;
      if (next < p.size) {
        start = next;
        next += chunk;
      } else {
        ++released;
      }
      check(MPI_Send(&start, 1, MPI_INT64_T, source, kGive, comm.handle), "MPI_Send");
    };
    const std::int64_t own = std::max(1, omp::max_threads());  // rows rank 0 takes at a time
    while (next < p.size) {
      const std::int64_t y0 = next;
      next = std::min(p.size, next + own);
      compute(y0, next);
      for (;;) {
        int waiting = 0;
        MPI_Status st;
        check(MPI_Iprobe(MPI_ANY_SOURCE, kAsk, comm.handle, &waiting, &st), "MPI_Iprobe");
        if (!waiting) break;
        answer(st.MPI_SOURCE);
      }
    }
    while (released < comm.size - 1) {
      MPI_Status st;
      check(MPI_Probe(MPI_ANY_SOURCE, kAsk, comm.handle, &st), "MPI_Probe");
      answer(st.MPI_SOURCE);
    }
  }

  void run() {
    sums.assign(static_cast<std::size_t>(p.size), 0);
    if (s == Schedule::dynamic) run_dynamic();
    else run_static();
  }
};

}  // namespace

Result run(const Comm& comm, const k::Params& p, Schedule s) {
  Pass pass{comm, p, s, {}, {}};
  Result r;
  r.seconds = timed_steps(comm, p.iterations, [&] { pass.run(); });
  r.row_sums = sum_on_root(comm, pass.sums);  // integers: exact in any order
  r.work = static_cast<double>(p.size) * static_cast<double>(p.size);
  if (!comm.root()) return r;
  std::int64_t total = 0;
  for (std::int64_t v : r.row_sums) total += v;
  // The reference total is ours with each sampled row replaced by the serial answer; any
  // sampled row that differs fails the run, even if differences happened to cancel.
  std::int64_t reference = total, wrong_rows = 0;
  const std::int64_t stride = p.size <= 256 ? 1 : p.size / 64;
  for (std::int64_t y = 0; y < p.size; y += stride) {
    const std::int64_t expected = k::row_sum(p, y), got = r.row_sums[static_cast<std::size_t>(y)];
    reference += expected - got;
    wrong_rows += expected != got;
  }
  r.validation = {static_cast<double>(total), static_cast<double>(reference), 0.0, wrong_rows == 0};
  return r;
}

}  // namespace pc::mpi::mandelbrot
