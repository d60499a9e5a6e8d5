// The OpenMP driver of transpose: a block of rows of A and B held by one process.
#pragma once
#include <vector>

#include "core/buffer.hpp"
#include "core/partition.hpp"
#include "kernels/transpose.hpp"

namespace pc::omp::transpose {

using kernels::transpose::Params;

struct Rows {
  core::Range rows;        // global rows of A and B held here (all n columns)
  core::Buffer<double> a;  // rows x n
  core::Buffer<double> b;  // rows x n
};

// a = i*n + j on `rows` (rows x n, row-major at `a`), each row first touched by the thread
// that will update it.
void init_a(const Params& p, core::Range rows, double* a);
// b = 0 on `rows`, touched the same way.
void init_b(const Params& p, core::Range rows, double* b);
// Allocates and initialises both (a = i*n + j, b = 0) on the threads that will update the rows.
Rows setup(const Params& p, core::Range rows);
// B += A^T over the whole matrix, when this process holds every row.
void step_whole(const Params& p, Rows& x);
// dst(j, i) (+)= src(i, j) for a rows x cols block, the columns of src shared out over the
// threads in whole tiles (each thread writes its own rows of dst).
void parallel_transpose(bool add, const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                        std::int64_t cols, std::int64_t tile);
// dst(i, j) += src(i, j) for a rows x cols block, rows shared out over the threads.
void parallel_add(const double* src, std::int64_t lds, double* dst, std::int64_t ldd, std::int64_t rows,
                  std::int64_t cols);
// a += 1 on `rows` (rows x n at `a`).
void increment_a(const Params& p, core::Range rows, double* a);
// One RowCheck per row of `rows` (b is rows x n), in row order (the caller adds them in that order).
std::vector<kernels::transpose::RowCheck> row_checks(const Params& p, core::Range rows, const double* b, int steps);

// The whole problem in one process: warm-up plus p.iterations steps; the verdict.
kernels::Validation run(const Params& p);

}  // namespace pc::omp::transpose
