// The OpenMP driver of dgemm: C(rows) += A(rows) * B for a block of rows held by one
// process, threads sharing each packed panel of B and packing their own blocks of A.
#pragma once
#include <vector>

#include "core/buffer.hpp"
#include "core/partition.hpp"
#include "kernels/dgemm.hpp"

namespace pc::omp::dgemm {

using kernels::dgemm::Params;

struct Matrices {
  core::Range rows;  // global rows of A and C held here
  std::int64_t n = 0;
  core::Buffer<double> a;         // rows x n
  core::Buffer<double> b;         // n x n (every process holds all of B)
  core::Buffer<double> c;         // rows x n
  core::Buffer<double> packed_b;  // one kKC x kNC panel
  core::Buffer<double> packed_a;  // one kMC x kKC block per thread
};

// Allocates and initialises A's and C's rows on the threads that use them; B is
// initialised only when `init_b` (the MPI driver broadcasts it instead).
Matrices setup(const Params& p, core::Range rows, bool init_b);
void multiply_add(Matrices& x);
// Sum of each row of C, in row order.
std::vector<double> row_sums(const Matrices& x);

// The whole problem in one process: warm-up plus p.iterations steps; the verdict.
kernels::Validation run(const Params& p);

}  // namespace pc::omp::dgemm
