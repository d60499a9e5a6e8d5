// mandelbrot: escape-time counts over a region of the complex plane: irregular work per row.
// The arithmetic of one row, and the serial reference the drivers are checked against.
#pragma once
#include <cstdint>

namespace pc::kernels::mandelbrot {

struct Params {
  std::int64_t size = 0;  // size x size pixels
  int iterations = 0;     // timed repetitions of the whole image
  int max_iter = 1000;
  double x0 = -2.0, x1 = 0.5, y0 = -1.25, y1 = 1.25;
};

// Escape counts of row y (size pixels) into out; returns their sum.
std::int64_t row(const Params& p, std::int64_t y, std::int32_t* out);
// The same sum without keeping the counts (serial reference of one row).
std::int64_t row_sum(const Params& p, std::int64_t y);

}  // namespace pc::kernels::mandelbrot
