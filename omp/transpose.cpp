// transpose over threads: work is split by destination rows, so no two threads write the
// same cache lines except at the edges of their ranges.
#include "omp/transpose.hpp"

#include <algorithm>

#include "omp/blocks.hpp"
#include "omp/threads.hpp"

namespace pc::omp::transpose {

namespace k = kernels::transpose;

void init_a(const Params& p, core::Range rows, double* a) {
  for_blocks(rows.size(), [&](std::int64_t li) {
    double* row = a + li * p.n;
    for (std::int64_t j = 0; j < p.n; ++j) row[j] = k::initial_a(p.n, rows.begin + li, j);
  });
}

void init_b(const Params& p, core::Range rows, double* b) {
  for_blocks(rows.size(), [&](std::int64_t li) {
    double* row = b + li * p.n;
    for (std::int64_t j = 0; j < p.n; ++j) row[j] = 0.0;
  });
}

Rows setup(const Params& p, core::Range rows) {
  Rows x;
  x.rows = rows;
  const auto cells = static_cast<std::size_t>(rows.size() * p.n);
  x.a = core::Buffer<double>(cells);
  x.b = core::Buffer<double>(cells);
  init_a(p, rows, x.a.data());
  init_b(p, rows, x.b.data());
  return x;
}

void parallel_transpose(bool add, const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                        std::int64_t cols, std::int64_t tile) {
  const std::int64_t tiles = (cols + tile - 1) / tile;
  const int parts = static_cast<int>(std::min<std::int64_t>(tiles, max_threads()));
  if (parts <= 0) return;
  for_blocks(parts, [&](std::int64_t part) {
    const core::Range t = core::block_range(tiles, parts, static_cast<int>(part));
    const std::int64_t c0 = t.begin * tile, c1 = std::min(cols, t.end * tile);
    if (add) k::transpose_add(src + c0, lds, dst + c0 * ldd, ldd, rows, c1 - c0, tile);
    else k::transpose_copy(src + c0, lds, dst + c0 * ldd, ldd, rows, c1 - c0, tile);
  });
}

void parallel_add(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                  std::int64_t cols) {
  for_blocks(rows, [&](std::int64_t i) {
    const double* s = src + i * lds;
    double* d = dst + i * ldd;
    for (std::int64_t j = 0; j < cols; ++j) d[j] += s[j];
  });
}

void step_whole(const Params& p, Rows& x) {
  parallel_transpose(true, x.a.data(), p.n, x.b.data(), p.n, p.n, p.n, p.tile);
  increment_a(p, x.rows, x.a.data());
}

void increment_a(const Params& p, core::Range rows, double* a) {
  for_blocks(rows.size(), [&](std::int64_t li) {
    double* row = a + li * p.n;
    for (std::int64_t j = 0; j < p.n; ++j) row[j] += 1.0;
  });
}

std::vector<k::RowCheck> row_checks(const Params& p, core::Range rows, const double* b, int steps) {
  std::vector<k::RowCheck> out(static_cast<std::size_t>(rows.size()));
  for_blocks(rows.size(), [&](std::int64_t li) {
    out[static_cast<std::size_t>(li)] = k::check_row(p.n, rows.begin + li, b + li * p.n, steps);
  });
  return out;
}

kernels::Validation run(const Params& p) {
  Rows x = setup(p, {0, p.n});
  for (int it = 0; it <= p.iterations; ++it) step_whole(p, x);
  double sum = 0, abserr = 0;
  for (const auto& c : row_checks(p, x.rows, x.b.data(), p.iterations + 1)) {
    sum += c.sum;
    abserr += c.abserr;
  }
  return k::validate(p.n, p.iterations + 1, sum, abserr);
}

}  // namespace pc::omp::transpose
