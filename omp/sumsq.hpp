// The OpenMP driver of sumsq: the fixed blocks of [0, n) handed to the threads.
#pragma once
#include <cstdint>

#include "kernels/sumsq.hpp"

namespace pc::omp::sumsq {

core::u128 run(std::uint64_t n);

}  // namespace pc::omp::sumsq
