// nstream: A += B + s*C over long vectors (memory bandwidth), after the Parallel Research
// Kernels. The arithmetic over one block, the checksum of one block, the analytic answer.
#pragma once
#include <cstdint>

#include "kernels/validation.hpp"

namespace pc::kernels::nstream {

struct Params {
  std::int64_t length = 0;
  int iterations = 0;  // timed; one untimed warm-up step comes first
  double scalar = 3.0;
};

// Fixed global blocks: drivers hand out whole blocks and the checksum adds them in order.
inline constexpr std::int64_t kBlock = 1 << 14;
inline std::int64_t block_count(std::int64_t length) { return (length + kBlock - 1) / kBlock; }

// Each function works on n elements starting at the given pointers.
void init(std::int64_t n, double* a, double* b, double* c);
void step(std::int64_t n, double scalar, double* a, const double* b, const double* c);
double checksum(std::int64_t n, const double* a);  // sum of |a[i]| in index order

// After `steps` steps every A[i] = steps * (B + s*C); the checksum is length times that.
double reference(const Params& p, int steps);
Validation validate(const Params& p, int steps, double checksum);

// Bytes moved per step as PRK counts them: read A, B, C and write A.
inline double bytes_per_step(const Params& p) { return 4.0 * sizeof(double) * static_cast<double>(p.length); }

// The serial reference: warm-up plus p.iterations steps, then the checksum.
double serial(const Params& p);

}  // namespace pc::kernels::nstream
