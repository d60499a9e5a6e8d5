// stencil arithmetic, compiled once for every driver so that every decomposition computes
// each point with the same operations in the same order.
#include "kernels/stencil.hpp"

#include <algorithm>
#include <cmath>

namespace pc::kernels::stencil {

std::vector<double> weights(int radius) {
  std::vector<double> w(static_cast<std::size_t>(radius) + 1, 0.0);
  for (int k = 1; k <= radius; ++k) w[static_cast<std::size_t>(k)] = 1.0 / (2.0 * k * radius);
  return w;
}

namespace {
// The radius is a template parameter so the loop over it unrolls and the loop over j
// vectorises.
template <int R>
void apply_radius(const double* w, const double* in, std::int64_t in_stride, double* out, std::int64_t out_stride,
                  std::int64_t rows, std::int64_t cols) {
  double wk[R + 1];
  for (int k = 1; k <= R; ++k) wk[k] = w[k];
  for (std::int64_t i = 0; i < rows; ++i) {
    const double* __restrict c = in + i * in_stride;
    double* __restrict o = out + i * out_stride;
    for (std::int64_t j = 0; j < cols; ++j) {
      double s = 0;
      for (int k = 1; k <= R; ++k)
        s += wk[k] * (c[j + k] - c[j - k]) + wk[k] * (c[j + k * in_stride] - c[j - k * in_stride]);
      o[j] += s;
    }
  }
}
}  // namespace

void apply(int radius, const double* w, const double* in, std::int64_t in_stride, double* out, std::int64_t out_stride,
           std::int64_t rows, std::int64_t cols) {
  static_assert(kMaxRadius == 4, "one case per radius");
  switch (radius) {
    case 1: return apply_radius<1>(w, in, in_stride, out, out_stride, rows, cols);
    case 2: return apply_radius<2>(w, in, in_stride, out, out_stride, rows, cols);
    case 3: return apply_radius<3>(w, in, in_stride, out, out_stride, rows, cols);
    case 4: return apply_radius<4>(w, in, in_stride, out, out_stride, rows, cols);
    default: return;
  }
}

double abs_sum(const double* out, std::int64_t cols) {
  double s = 0;
  for (std::int64_t j = 0; j < cols; ++j) s += std::fabs(out[j]);
  return s;
}

Validation validate(double norm, int steps) { return relative(norm, reference_norm(steps), 1e-8); }

double serial(const Params& p) {
  const std::int64_t n = p.n, r = p.radius;
  const std::vector<double> w = weights(p.radius);
  std::vector<double> in(static_cast<std::size_t>(n * n)), out(in.size(), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j) in[static_cast<std::size_t>(i * n + j)] = static_cast<double>(i + j);
  for (int it = 0; it <= p.iterations; ++it) {
    apply(p.radius, w.data(), &in[static_cast<std::size_t>(r * n + r)], n, &out[static_cast<std::size_t>(r * n + r)], n,
          n - 2 * r, n - 2 * r);
    for (double& v : in) v += 1.0;
  }
  double norm = 0;
  for (std::int64_t i = r; i < n - r; ++i)
    for (std::int64_t c0 = r; c0 < n - r; c0 += kChunk)
      norm += abs_sum(&out[static_cast<std::size_t>(i * n + c0)], std::min(kChunk, n - r - c0));
  return norm / static_cast<double>(active_points(p));
}

}  // namespace pc::kernels::stencil
