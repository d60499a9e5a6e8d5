// Fixed blocks handed to OpenMP threads: the same static schedule for initialisation and
// every step, so each thread works on the pages it first touched.
#pragma once
#include <cstdint>
#include <vector>

namespace pc::omp {

template <class F> void for_blocks(std::int64_t count, F&& f) {
#pragma omp parallel for schedule(static)
  for (std::int64_t b = 0; b < count; ++b) f(b);
}

// One value per block, computed in parallel, returned in block order.
template <class F> std::vector<double> block_values(std::int64_t count, F&& f) {
  std::vector<double> values(static_cast<std::size_t>(count));
  for_blocks(count, [&](std::int64_t b) { values[static_cast<std::size_t>(b)] = f(b); });
  return values;
}

}  // namespace pc::omp
