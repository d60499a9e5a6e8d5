// Rows over threads; a row's cost varies a lot, which is what the dynamic schedule is for.
#include "omp/mandelbrot.hpp"

namespace pc::omp::mandelbrot {

namespace k = kernels::mandelbrot;

void rows(const k::Params& p, Schedule s, std::int64_t y0, std::int64_t y1, std::int32_t* image,
          std::int64_t* row_sums) {
  if (s == Schedule::dynamic) {
#pragma omp parallel for schedule(dynamic, 1)
    for (std::int64_t y = y0; y < y1; ++y) row_sums[y] = k::row(p, y, image + (y - y0) * p.size);
  } else {
#pragma omp parallel for schedule(static)
    for (std::int64_t y = y0; y < y1; ++y) row_sums[y] = k::row(p, y, image + (y - y0) * p.size);
  }
}

std::vector<std::int64_t> run(const k::Params& p, Schedule s) {
  std::vector<std::int32_t> image(static_cast<std::size_t>(p.size * p.size));
  std::vector<std::int64_t> sums(static_cast<std::size_t>(p.size));
  rows(p, s, 0, p.size, image.data(), sums.data());
  return sums;
}

}  // namespace pc::omp::mandelbrot
