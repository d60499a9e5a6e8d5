// sumsq: the sum of i*i for 0 <= i < n, exact in 128 bits. The per-block arithmetic, the
// serial reference and the closed-form validator; the drivers live in omp/ and mpi/.
#pragma once
#include <cstdint>

#include "core/int128.hpp"

namespace pc::kernels::sumsq {

using core::u128;

// Fixed global block length: drivers hand out whole blocks, so every driver adds the same
// partial sums (integers, so the order could not change the result anyway).
inline constexpr std::uint64_t kBlock = std::uint64_t{1} << 20;

// The arithmetic, once: sum of i*i for begin <= i < end, computed by the loop.
u128 block_sum(std::uint64_t begin, std::uint64_t end);

// The serial reference: the blocks of [0, n) in order.
u128 serial(std::uint64_t n);

// n(n-1)(2n-1)/6 without overflow, for validation only.
u128 closed_form(std::uint64_t n);

// The largest n whose sum fits in 128 bits; larger sizes are refused.
std::uint64_t max_size();

}  // namespace pc::kernels::sumsq
