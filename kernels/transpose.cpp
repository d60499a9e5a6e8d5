// Tiled transposition: a tile of src rows is read along rows and written along columns, so
// both stay in cache for the tile.
#include "kernels/transpose.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pc::kernels::transpose {

namespace {
template <bool Add>
void tiled(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows, std::int64_t cols,
           std::int64_t tile) {
  for (std::int64_t i0 = 0; i0 < rows; i0 += tile)
    for (std::int64_t j0 = 0; j0 < cols; j0 += tile) {
      const std::int64_t i1 = std::min(rows, i0 + tile), j1 = std::min(cols, j0 + tile);
      for (std::int64_t j = j0; j < j1; ++j)
        for (std::int64_t i = i0; i < i1; ++i) {
          if constexpr (Add) dst[j * ldd + i] += src[i * lds + j];
          else dst[j * ldd + i] = src[i * lds + j];
        }
    }
}
}  // namespace

void transpose_copy(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                    std::int64_t cols, std::int64_t tile) {
  tiled<false>(src, lds, dst, ldd, rows, cols, tile);
}

void transpose_add(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                   std::int64_t cols, std::int64_t tile) {
  tiled<true>(src, lds, dst, ldd, rows, cols, tile);
}

RowCheck check_row(std::int64_t n, std::int64_t i, const double* b_row, int steps) {
  RowCheck c;
  for (std::int64_t j = 0; j < n; ++j) {
    c.sum += b_row[j];
    c.abserr += std::fabs(b_row[j] - expected_b(n, i, j, steps));
  }
  return c;
}

double reference_sum(std::int64_t n, int steps) {
  const double nn = static_cast<double>(n) * static_cast<double>(n);
  return static_cast<double>(steps) * nn * (nn - 1) / 2 + nn * 0.5 * steps * (steps - 1.0);
}

Validation validate(std::int64_t n, int steps, double sum, double abserr) {
  Validation v = relative(sum, reference_sum(n, steps), 1e-8);
  v.ok = v.ok && abserr <= 1e-8 * static_cast<double>(n) * static_cast<double>(n);  // every element, not just the sum
  return v;
}

Validation serial(const Params& p) {
  const std::int64_t n = p.n;
  std::vector<double> a(static_cast<std::size_t>(n * n)), b(a.size(), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j) a[static_cast<std::size_t>(i * n + j)] = initial_a(n, i, j);
  for (int it = 0; it <= p.iterations; ++it) {
    transpose_add(a.data(), n, b.data(), n, n, n, p.tile);
    for (double& v : a) v += 1.0;
  }
  double sum = 0, abserr = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const RowCheck c = check_row(n, i, b.data() + i * n, p.iterations + 1);
    sum += c.sum;
    abserr += c.abserr;
  }
  return validate(n, p.iterations + 1, sum, abserr);
}

}  // namespace pc::kernels::transpose
