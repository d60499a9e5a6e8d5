// What every MPI kernel driver returns: the checksum and verdict (valid on rank 0) and the
// time of each timed iteration.
#pragma once
#include <vector>

#include "kernels/validation.hpp"

namespace pc::mpi {

struct KernelResult {
  kernels::Validation validation;  // on rank 0
  std::vector<double> seconds;     // timed iterations, on every rank
  double work = 0;                 // bytes or flops per iteration (the rate's numerator)
};

}  // namespace pc::mpi
