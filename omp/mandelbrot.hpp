// The OpenMP driver of mandelbrot: rows handed to threads statically or dynamically.
#pragma once
#include <cstdint>
#include <vector>

#include "kernels/mandelbrot.hpp"

namespace pc::omp::mandelbrot {

enum class Schedule { fixed, dynamic };  // fixed = OpenMP static

// Rows [y0, y1): counts into image (row-major, rows relative to y0), sums into row_sums[y].
void rows(const kernels::mandelbrot::Params& p, Schedule s, std::int64_t y0, std::int64_t y1, std::int32_t* image,
          std::int64_t* row_sums);

// The whole image in one process; the per-row sums.
std::vector<std::int64_t> run(const kernels::mandelbrot::Params& p, Schedule s);

}  // namespace pc::omp::mandelbrot
