// Every driver calls row() here, compiled once, so all of them produce the same counts.
#include "kernels/mandelbrot.hpp"

#include <vector>

namespace pc::kernels::mandelbrot {

std::int64_t row(const Params& p, std::int64_t y, std::int32_t* out) {
  const double dx = (p.x1 - p.x0) / static_cast<double>(p.size);
  const double dy = (p.y1 - p.y0) / static_cast<double>(p.size);
  const double ci = p.y0 + (static_cast<double>(y) + 0.5) * dy;
  std::int64_t sum = 0;
  for (std::int64_t x = 0; x < p.size; ++x) {
    const double cr = p.x0 + (static_cast<double>(x) + 0.5) * dx;
    double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
    int n = 0;
    while (n < p.max_iter && zr2 + zi2 <= 4.0) {
      zi = 2.0 * zr * zi + ci;
      zr = zr2 - zi2 + cr;
      zr2 = zr * zr;
      zi2 = zi * zi;
      ++n;
    }
    out[x] = n;
    sum += n;
  }
  return sum;
}

std::int64_t row_sum(const Params& p, std::int64_t y) {
  std::vector<std::int32_t> counts(static_cast<std::size_t>(p.size));
  return row(p, y, counts.data());
}

}  // namespace pc::kernels::mandelbrot
