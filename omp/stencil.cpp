// stencil over threads. The stencil and the increment are separate parallel loops: a row's
// stencil reads rows another thread would otherwise already have incremented.
#include "omp/stencil.hpp"

#include <omp.h>

#include <algorithm>

#include "core/ordered_sum.hpp"
#include "omp/blocks.hpp"

namespace pc::omp::stencil {

namespace k = kernels::stencil;

std::int64_t chunk_count(const Params& p) { return (p.n - 2 * p.radius + k::kChunk - 1) / k::kChunk; }

Block setup(const Params& p, core::Range rows, core::Range cols) {
  Block b;
  b.rows = rows;
  b.cols = cols;
  b.halo = p.radius;
  b.irows = {std::max<std::int64_t>(rows.begin, p.radius), std::min(rows.end, p.n - p.radius)};
  b.icols = {std::max<std::int64_t>(cols.begin, p.radius), std::min(cols.end, p.n - p.radius)};
  b.ld = cols.size() + 2 * b.halo;
  b.in = core::Buffer<double>(static_cast<std::size_t>((rows.size() + 2 * b.halo) * b.ld));
  b.out = core::Buffer<double>(
      static_cast<std::size_t>(std::max<std::int64_t>(0, b.irows.size()) * std::max<std::int64_t>(0, b.icols.size())));
  // Halo cells start at 0, not at their analytic value, so a missing exchange shows.
  for_blocks(rows.size() + 2 * b.halo, [&](std::int64_t lr) {
    const std::int64_t i = rows.begin - b.halo + lr;
    double* row = b.in.data() + lr * b.ld;
    const bool owned_row = i >= rows.begin && i < rows.end;
    for (std::int64_t lc = 0; lc < b.ld; ++lc) {
      const std::int64_t j = cols.begin - b.halo + lc;
      row[lc] = owned_row && j >= cols.begin && j < cols.end ? static_cast<double>(i + j) : 0.0;
    }
    if (i >= b.irows.begin && i < b.irows.end)
      std::fill_n(b.out.data() + (i - b.irows.begin) * b.icols.size(), b.icols.size(), 0.0);
  });
  return b;
}

void step(const Params& p, const std::vector<double>& w, Block& b) {
  const std::int64_t ic = b.icols.size(), r = p.radius;
  auto increment = [&](std::int64_t i) {
    double* row = b.in_at(i, b.cols.begin);
    for (std::int64_t j = 0; j < b.cols.size(); ++j) row[j] += 1.0;
  };
  // Row k of `in` may be incremented once the last stencil row reading it (k + r) is done.
  // Inside a thread's band of rows that is right after computing row k + r, while row k is
  // still in cache, which saves a second sweep through memory; rows read across band edges
  // (and rows that are not interior) wait for every band to finish.
  const std::int64_t rows = std::max<std::int64_t>(0, b.irows.size());
  std::vector<char> done(static_cast<std::size_t>(b.rows.size()), 0);
#pragma omp parallel
  {
    const int parts = omp_get_num_threads();
    const core::Range band = core::block_range(rows, parts, omp_get_thread_num());
    const std::int64_t b0 = b.irows.begin + band.begin, b1 = b.irows.begin + band.end;
    for (std::int64_t i = b0; i < b1 && ic > 0; ++i) {
      k::apply(p.radius, w.data(), b.in_at(i, b.icols.begin), b.ld, b.out.data() + (i - b.irows.begin) * ic, ic, 1, ic);
      const std::int64_t k = i - r;
      if (k - r >= b0) {
        increment(k);
        done[static_cast<std::size_t>(k - b.rows.begin)] = 1;
      }
    }
#pragma omp barrier
#pragma omp for schedule(static)
    for (std::int64_t lr = 0; lr < b.rows.size(); ++lr)
      if (!done[static_cast<std::size_t>(lr)]) increment(b.rows.begin + lr);
  }
}

void norm_partials(const Params& p, const Block& b, std::vector<double>& partials) {
  const std::int64_t chunks = chunk_count(p), ic = b.icols.size();
  if (b.irows.size() <= 0 || ic <= 0) return;
  for_blocks(b.irows.size(), [&](std::int64_t li) {
    const std::int64_t i = b.irows.begin + li;
    // Chunks are counted from the first interior column; the caller aligns blocks to them.
    for (std::int64_t j0 = b.icols.begin; j0 < b.icols.end; j0 += k::kChunk) {
      const std::int64_t c = (j0 - p.radius) / k::kChunk;
      partials[static_cast<std::size_t>((i - p.radius) * chunks + c)] =
          k::abs_sum(b.out.data() + li * ic + (j0 - b.icols.begin), std::min(k::kChunk, b.icols.end - j0));
    }
  });
}

double run(const Params& p) {
  Block b = setup(p, {0, p.n}, {0, p.n});
  const std::vector<double> w = k::weights(p.radius);
  for (int it = 0; it <= p.iterations; ++it) step(p, w, b);
  std::vector<double> partials(static_cast<std::size_t>((p.n - 2 * p.radius) * chunk_count(p)), 0.0);
  norm_partials(p, b, partials);
  return core::ordered_sum(partials) / static_cast<double>(k::active_points(p));
}

}  // namespace pc::omp::stencil
