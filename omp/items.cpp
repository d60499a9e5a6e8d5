// Dynamic hand-out by the runtime: a chunk of 1 keeps uneven items balanced, and costs a few
// tens of nanoseconds an item, small beside any item worth a thread.
#include "omp/items.hpp"

namespace pc::omp {

void for_each_item(std::int64_t n, const std::function<void(std::int64_t)>& body) {
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t i = 0; i < n; ++i) body(i);
}

}  // namespace pc::omp
