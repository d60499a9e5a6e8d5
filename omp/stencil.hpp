// The OpenMP driver of stencil: one rectangle of the grid (with a halo of `radius` cells on
// every side) updated by the threads, rows split statically.
#pragma once
#include <vector>

#include "core/buffer.hpp"
#include "core/partition.hpp"
#include "kernels/stencil.hpp"

namespace pc::omp::stencil {

using kernels::stencil::Params;

struct Block {
  core::Range rows, cols;    // owned global rows and columns
  core::Range irows, icols;  // the interior points among them (where out is kept)
  std::int64_t halo = 0;     // = radius
  std::int64_t ld = 0;       // row stride of `in`
  core::Buffer<double> in;   // (rows + 2 halo) x ld
  core::Buffer<double> out;  // irows x icols
  double* in_at(std::int64_t i, std::int64_t j) {
    return in.data() + (i - rows.begin + halo) * ld + (j - cols.begin + halo);
  }
  const double* in_at(std::int64_t i, std::int64_t j) const {
    return in.data() + (i - rows.begin + halo) * ld + (j - cols.begin + halo);
  }
};

// Allocates the rectangle and initialises it (in = i + j on owned cells, out = 0) on the
// threads that will update it.
Block setup(const Params& p, core::Range rows, core::Range cols);
// out += stencil(in) on the interior points, then in += 1 on the owned cells. The halo must
// be current.
void step(const Params& p, const std::vector<double>& w, Block& b);
// Writes the block's norm partials into `partials` (one per interior row and chunk, row-major
// over the whole grid); other entries are left alone.
void norm_partials(const Params& p, const Block& b, std::vector<double>& partials);
std::int64_t chunk_count(const Params& p);

// The whole grid in one process: warm-up plus p.iterations steps; the norm.
double run(const Params& p);

}  // namespace pc::omp::stencil
