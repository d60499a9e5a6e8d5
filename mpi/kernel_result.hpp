// What every MPI kernel driver returns: the checksum and verdict (valid on rank 0) and the
// time of each timed iteration.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/buffer.hpp"
#include "kernels/validation.hpp"

namespace pc::mpi {

// This rank's block of a kernel's output array, kept for --save-field: a row-major block of
// `count` at `offset` in a global array of `dims` (2-D).
struct Field {
  std::vector<std::uint64_t> dims, offset, count;  // HDF5 is the writer's business, not the drivers'
  core::Buffer<double> data;
};

struct KernelResult {
  kernels::Validation validation;  // on rank 0
  std::vector<double> seconds;     // timed iterations, on every rank
  double work = 0;                 // bytes or flops per iteration (the rate's numerator)
  std::optional<Field> field;      // when asked to keep it
};

}  // namespace pc::mpi
