// Each thread adds the blocks it is given into its own slot (one cache line each, so no
// false sharing); the slots are then combined in thread order.
#include "omp/sumsq.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

namespace pc::omp::sumsq {

namespace k = kernels::sumsq;

namespace {
struct alignas(64) Slot {
  core::u128 sum = 0;
};
}  // namespace

core::u128 run(std::uint64_t n) {
  const std::int64_t blocks = static_cast<std::int64_t>((n + k::kBlock - 1) / k::kBlock);
  std::vector<Slot> slots(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    core::u128 mine = 0;
#pragma omp for schedule(static)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::uint64_t begin = static_cast<std::uint64_t>(b) * k::kBlock;
      mine += k::block_sum(begin, std::min(n, begin + k::kBlock));
    }
    slots[static_cast<std::size_t>(omp_get_thread_num())].sum = mine;
  }
  core::u128 total = 0;
  for (const Slot& s : slots) total += s.sum;
  return total;
}

}  // namespace pc::omp::sumsq
