// The micro-kernel keeps a 6 x 8 tile of C in twelve 4-wide vector registers (AVX2 has 16)
// and streams packed slivers of A and B through them with fused multiply-adds.
#include "kernels/dgemm.hpp"

#include <algorithm>
#include <vector>

namespace pc::kernels::dgemm {

namespace {

typedef double v4 __attribute__((vector_size(32)));

// acc = packed A sliver (kc x kMR) * packed B sliver (kc x kNR); written to tile (ld kNR).
void micro_kernel(std::int64_t kc, const double* __restrict pa, const double* __restrict pb, double* __restrict tile) {
  v4 acc[kMR][2];
  for (int r = 0; r < kMR; ++r) acc[r][0] = acc[r][1] = v4{0, 0, 0, 0};
  for (std::int64_t p = 0; p < kc; ++p) {
    const v4 b0 = *reinterpret_cast<const v4*>(pb);
    const v4 b1 = *reinterpret_cast<const v4*>(pb + 4);
    for (int r = 0; r < kMR; ++r) {
      const v4 a = v4{pa[r], pa[r], pa[r], pa[r]};
      acc[r][0] += a * b0;
      acc[r][1] += a * b1;
    }
    pa += kMR;
    pb += kNR;
  }
  for (int r = 0; r < kMR; ++r) {
    *reinterpret_cast<v4*>(tile + r * kNR) = acc[r][0];
    *reinterpret_cast<v4*>(tile + r * kNR + 4) = acc[r][1];
  }
}

}  // namespace

void pack_a(const double* a, std::int64_t lda, std::int64_t mc, std::int64_t kc, double* packed) {
  for (std::int64_t i0 = 0; i0 < mc; i0 += kMR) {
    const std::int64_t rows = std::min(kMR, mc - i0);
    for (std::int64_t p = 0; p < kc; ++p) {
      for (std::int64_t r = 0; r < rows; ++r) packed[r] = a[(i0 + r) * lda + p];
      for (std::int64_t r = rows; r < kMR; ++r) packed[r] = 0.0;
      packed += kMR;
    }
  }
}

void pack_b(const double* b, std::int64_t ldb, std::int64_t kc, std::int64_t nc, double* packed) {
  for (std::int64_t j0 = 0; j0 < nc; j0 += kNR) {
    const std::int64_t cols = std::min(kNR, nc - j0);
    for (std::int64_t p = 0; p < kc; ++p) {
      const double* row = b + p * ldb + j0;
      for (std::int64_t c = 0; c < cols; ++c) packed[c] = row[c];
      for (std::int64_t c = cols; c < kNR; ++c) packed[c] = 0.0;
      packed += kNR;
    }
  }
}

void macro_kernel(std::int64_t mc, std::int64_t nc, std::int64_t kc, const double* pa, const double* pb, double* c,
                  std::int64_t ldc) {
  alignas(64) double tile[kMR * kNR];
  for (std::int64_t j0 = 0; j0 < nc; j0 += kNR) {
    const std::int64_t cols = std::min(kNR, nc - j0);
    for (std::int64_t i0 = 0; i0 < mc; i0 += kMR) {
      const std::int64_t rows = std::min(kMR, mc - i0);
      micro_kernel(kc, pa + i0 * kc, pb + j0 * kc, tile);
      for (std::int64_t r = 0; r < rows; ++r) {
        double* crow = c + (i0 + r) * ldc + j0;
        for (std::int64_t x = 0; x < cols; ++x) crow[x] += tile[r * kNR + x];
      }
    }
  }
}

double reference_checksum(std::int64_t n, int steps) {
  // C(i, j) = sum_k k * j = j n(n-1)/2 per step; the sum over i and j is n (n(n-1)/2)^2.
  const double nd = static_cast<double>(n), half = nd * (nd - 1) / 2;
  return static_cast<double>(steps) * nd * half * half;
}

Validation validate(std::int64_t n, int steps, double checksum) {
  return relative(checksum, reference_checksum(n, steps), 1e-8);
}

Validation serial(const Params& p) {
  const std::int64_t n = p.n;
  std::vector<double> a(static_cast<std::size_t>(n * n)), b(a.size()), c(a.size(), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j)
      a[static_cast<std::size_t>(i * n + j)] = b[static_cast<std::size_t>(i * n + j)] = initial(i, j);
  for (int it = 0; it <= p.iterations; ++it)
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t k = 0; k < n; ++k)
        for (std::int64_t j = 0; j < n; ++j)
          c[static_cast<std::size_t>(i * n + j)] +=
              a[static_cast<std::size_t>(i * n + k)] * b[static_cast<std::size_t>(k * n + j)];
  double sum = 0;
  for (double v : c) sum += v;
  return validate(n, p.iterations + 1, sum);
}

}  // namespace pc::kernels::dgemm
