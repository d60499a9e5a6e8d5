// Floating-point checksums that do not depend on how work was split: partial sums of fixed
// global blocks, added in block order (never a parallel reduction).
#pragma once
#include <vector>

namespace pc::core {

inline double ordered_sum(const std::vector<double>& partials) {
  double total = 0;
  for (double p : partials) total += p;
  return total;
}

}  // namespace pc::core
