// transpose: B += A^T; A += 1 on an n x n matrix, after the Parallel Research Kernels.
// The tiled block operations, the analytic values and the validator.
#pragma once
#include <cstdint>

#include "kernels/validation.hpp"

namespace pc::kernels::transpose {

struct Params {
  std::int64_t n = 0;
  std::int64_t tile = 32;
  int iterations = 0;  // timed; one untimed warm-up comes first
};

// A starts as a(i, j) = i*n + j; B as 0.
inline double initial_a(std::int64_t n, std::int64_t i, std::int64_t j) { return static_cast<double>(i * n + j); }
// b(i, j) after `steps` steps: the sum over t < steps of a(j, i) + t.
inline double expected_b(std::int64_t n, std::int64_t i, std::int64_t j, int steps) {
  return static_cast<double>(steps) * initial_a(n, j, i) + 0.5 * steps * (steps - 1.0);
}

// dst(j, i) = src(i, j) for a rows x cols block of src, in tile x tile tiles (dst is cols x rows).
void transpose_copy(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                    std::int64_t cols, std::int64_t tile);
// dst(j, i) += src(i, j), tiled the same way.
void transpose_add(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                   std::int64_t cols, std::int64_t tile);

// One row of B (global row i, n columns): its sum, and the sum of |b - expected|.
struct RowCheck {
  double sum = 0;
  double abserr = 0;
};
RowCheck check_row(std::int64_t n, std::int64_t i, const double* b_row, int steps);

// The checksum of B (sum of every element) and PRK's check that every element is right.
double reference_sum(std::int64_t n, int steps);
Validation validate(std::int64_t n, int steps, double sum, double abserr);
// Bytes per step as PRK counts them: read A and write B.
inline double bytes_per_step(std::int64_t n) {
  return 2.0 * sizeof(double) * static_cast<double>(n) * static_cast<double>(n);
}

// The serial reference: the whole matrix, warm-up plus p.iterations steps; the verdict.
Validation serial(const Params& p);

}  // namespace pc::kernels::transpose
