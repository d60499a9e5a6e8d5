// The MPI driver of mandelbrot: rows in blocks per rank (static), or handed out in chunks
// on request by rank 0, which computes rows too between answers (dynamic).
#pragma once
#include <vector>

#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"
#include "omp/mandelbrot.hpp"

namespace pc::mpi::mandelbrot {

using omp::mandelbrot::Schedule;

struct Result : KernelResult {
  std::vector<std::int64_t> row_sums;  // on rank 0: the escape counts of each row, added
};

// Validation on rank 0: the total count, checked row by row against the serial reference
// on a sample of rows (every row when size <= 256, else every size/64-th).
Result run(const Comm& comm, const kernels::mandelbrot::Params& p, Schedule s);

}  // namespace pc::mpi::mandelbrot
