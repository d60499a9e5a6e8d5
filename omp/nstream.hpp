// The OpenMP driver of nstream: the blocks a process owns, handed to its threads.
#pragma once
#include <vector>

#include "core/buffer.hpp"
#include "core/partition.hpp"
#include "kernels/nstream.hpp"

namespace pc::omp::nstream {

using kernels::nstream::Params;

struct Arrays {
  core::Range blocks;               // global block numbers held here
  std::int64_t begin = 0, end = 0;  // global element range
  core::Buffer<double> a, b, c;
};

// Allocates the elements of `blocks` and initialises them on the threads that will use them.
Arrays setup(const Params& p, core::Range blocks);
void step(const Params& p, Arrays& x);
std::vector<double> block_checksums(const Params& p, const Arrays& x);

// The whole problem in one process: warm-up plus p.iterations steps; the checksum.
double run(const Params& p);

}  // namespace pc::omp::nstream
