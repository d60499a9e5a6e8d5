// stencil: a 2-D star stencil of radius R on an n x n grid, after the Parallel Research
// Kernels: in(i,j) = i + j, out += stencil(in) on interior points, then in += 1.
#pragma once
#include <cstdint>
#include <vector>

#include "kernels/validation.hpp"

namespace pc::kernels::stencil {

struct Params {
  std::int64_t n = 0;
  int radius = 2;
  int iterations = 0;  // timed; one untimed warm-up comes first
};

inline constexpr int kMaxRadius = 4;
// The norm is added over fixed blocks: each interior row cut into chunks of kChunk columns.
inline constexpr std::int64_t kChunk = 64;

// w[k] for k = 1..radius (w[0] unused): applied to a linear field they give its slope.
std::vector<double> weights(int radius);

// out(i,j) += stencil(in) for a rows x cols rectangle; `in` and `out` point at its first
// point, with their row strides; `in` must hold `radius` valid cells around the rectangle.
void apply(int radius, const double* w, const double* in, std::int64_t in_stride, double* out, std::int64_t out_stride,
           std::int64_t rows, std::int64_t cols);

// Sum of |out| over `cols` consecutive points (one block of the norm).
double abs_sum(const double* out, std::int64_t cols);

// Interior points, the analytic norm after `steps` steps, the validator, PRK's flop count.
inline std::int64_t active_points(const Params& p) { return (p.n - 2 * p.radius) * (p.n - 2 * p.radius); }
inline double reference_norm(int steps) { return 2.0 * steps; }  // (dx + dy slopes) per step
Validation validate(double norm, int steps);
inline double flops_per_step(const Params& p) {
  return (2.0 * (4 * p.radius + 1) + 1) * static_cast<double>(active_points(p));
}

// The serial reference: warm-up plus p.iterations steps on the whole grid; the norm.
double serial(const Params& p);

}  // namespace pc::kernels::stencil
