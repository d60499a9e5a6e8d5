// Independent items over OpenMP threads: the thread model's half of mpi::map.
#pragma once
#include <cstdint>
#include <functional>

namespace pc::omp {

// Calls body(i) for every i in [0, n) on the threads of this process, handed out one at a
// time (items may differ in cost). `body` must not throw: mpi::map catches inside it.
void for_each_item(std::int64_t n, const std::function<void(std::int64_t)>& body);

}  // namespace pc::omp
