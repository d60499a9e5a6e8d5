// nstream arithmetic, written once for every driver.
#include "kernels/nstream.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pc::kernels::nstream {

namespace {
constexpr double kB = 2.0;
constexpr double kC = 2.0;
}  // namespace

void init(std::int64_t n, double* a, double* b, double* c) {
  for (std::int64_t i = 0; i < n; ++i) {
    a[i] = 0.0;
    b[i] = kB;
    c[i] = kC;
  }
}

void step(std::int64_t n, double scalar, double* __restrict a, const double* __restrict b, const double* __restrict c) {
  for (std::int64_t i = 0; i < n; ++i) a[i] += b[i] + scalar * c[i];
}

double checksum(std::int64_t n, const double* a) {
  double s = 0;
  for (std::int64_t i = 0; i < n; ++i) s += std::fabs(a[i]);
  return s;
}

double reference(const Params& p, int steps) {
  return static_cast<double>(p.length) * static_cast<double>(steps) * (kB + p.scalar * kC);
}

Validation validate(const Params& p, int steps, double sum) { return relative(sum, reference(p, steps), 1e-8); }

double serial(const Params& p) {
  std::vector<double> a(static_cast<std::size_t>(p.length)), b(a.size()), c(a.size());
  init(p.length, a.data(), b.data(), c.data());
  for (int it = 0; it <= p.iterations; ++it) step(p.length, p.scalar, a.data(), b.data(), c.data());
  double total = 0;
  for (std::int64_t blk = 0; blk < block_count(p.length); ++blk) {
    const std::int64_t begin = blk * kBlock;
    total += checksum(std::min(kBlock, p.length - begin), a.data() + begin);
  }
  return total;
}

}  // namespace pc::kernels::nstream
