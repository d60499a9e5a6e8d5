// dgemm: C += A*B on n x n matrices, after the Parallel Research Kernels (A(i,j) = B(i,j) = j,
// C = 0). Cache blocking with packed panels and a register-blocked micro-kernel, as in
// GotoBLAS/BLIS; the loops over blocks (and the threads) are the drivers' business.
#pragma once
#include <cstdint>

#include "kernels/validation.hpp"

namespace pc::kernels::dgemm {

struct Params {
  std::int64_t n = 0;
  int iterations = 0;  // timed; one untimed warm-up comes first
};

// Micro-tile (registers), and the panel sizes: an A block of kMC x kKC stays in L2, a B
// panel of kKC x kNC in L3, a kKC x kNR sliver of B in L1.
inline constexpr std::int64_t kMR = 6, kNR = 8;
inline constexpr std::int64_t kKC = 256, kMC = 72, kNC = 4080;

// Packs an mc x kc block of A (row-major, leading dimension lda) into kMR-row slivers,
// k-major within a sliver, padding the last sliver with zeros.
void pack_a(const double* a, std::int64_t lda, std::int64_t mc, std::int64_t kc, double* packed);
// Packs a kc x nc block of B into kNR-column slivers, k-major, zero-padded.
void pack_b(const double* b, std::int64_t ldb, std::int64_t kc, std::int64_t nc, double* packed);
// C(mc x nc block) += packed A * packed B over kc. For each element the products are added
// in k order into a register that starts at zero, then added to C: the same operations
// whichever thread or rank computes the tile.
void macro_kernel(std::int64_t mc, std::int64_t nc, std::int64_t kc, const double* pa, const double* pb, double* c,
                  std::int64_t ldc);

// Initial values, PRK's checksum (sum of every element of C), the validator, the flops.
inline double initial(std::int64_t /*i*/, std::int64_t j) { return static_cast<double>(j); }
double reference_checksum(std::int64_t n, int steps);
Validation validate(std::int64_t n, int steps, double checksum);
inline double flops_per_step(std::int64_t n) {
  return 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
}

// The serial reference: plain loops, warm-up plus p.iterations steps; the verdict.
Validation serial(const Params& p);

}  // namespace pc::kernels::dgemm
