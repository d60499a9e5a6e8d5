// sumsq block arithmetic. i*i fits in 64 bits while i < 2^32, so the hot loop adds 64-bit
// squares in runs short enough that their sum cannot wrap, then carries each run into 128
// bits; beyond 2^32 the squares themselves need 128 bits.
#include "kernels/sumsq.hpp"

#include <algorithm>
#include <limits>

namespace pc::kernels::sumsq {

namespace {

constexpr std::uint64_t kSquareFits = std::uint64_t{1} << 32;

// Sum of i*i over [begin, end) with end <= 2^32.
u128 small_sum(std::uint64_t begin, std::uint64_t end) {
  if (begin >= end) return 0;
  const std::uint64_t top = end - 1;
  const std::uint64_t max_square = top * top;
  // How many squares of at most max_square a uint64_t can add without wrapping.
  const std::uint64_t run = max_square == 0 ? end - begin : std::numeric_limits<std::uint64_t>::max() / max_square;
  u128 total = 0;
  for (std::uint64_t lo = begin; lo < end;) {
    const std::uint64_t hi = lo + std::min(run, end - lo);
    std::uint64_t s = 0;
    // 32-bit counter: the compiler widens with a 32x32->64 multiply, which vectorises.
    for (std::uint32_t i = static_cast<std::uint32_t>(lo); i != static_cast<std::uint32_t>(hi - 1); ++i)
      s += static_cast<std::uint64_t>(i) * i;
    s += (hi - 1) * (hi - 1);
    total += s;
    lo = hi;
  }
  return total;
}

u128 large_sum(std::uint64_t begin, std::uint64_t end) {
  u128 total = 0;
  for (std::uint64_t i = begin; i < end; ++i) total += u128{i} * i;
  return total;
}

}  // namespace

u128 block_sum(std::uint64_t begin, std::uint64_t end) {
  if (begin >= end) return 0;
  const std::uint64_t split = std::clamp(kSquareFits, begin, end);
  return small_sum(begin, split) + large_sum(split, end);
}

u128 serial(std::uint64_t n) {
  u128 total = 0;
  for (std::uint64_t b = 0; b < n; b += std::min(kBlock, n - b)) total += block_sum(b, b + std::min(kBlock, n - b));
  return total;
}

namespace {
// n(n-1)(2n-1)/6 with the divisions done first; false when the product overflows.
bool closed_form_checked(std::uint64_t n, u128& out) {
  if (n == 0) {
    out = 0;
    return true;
  }
  u128 a = n, b = n - 1, c = 2 * u128{n} - 1;
  if (a % 2 == 0) a /= 2;
  else b /= 2;
  if (a % 3 == 0) a /= 3;
  else if (b % 3 == 0) b /= 3;
  else c /= 3;
  u128 ab;
  return !__builtin_mul_overflow(a, b, &ab) && !__builtin_mul_overflow(ab, c, &out);
}
}  // namespace

u128 closed_form(std::uint64_t n) {
  u128 out = 0;
  closed_form_checked(n, out);
  return out;
}

std::uint64_t max_size() {
  static const std::uint64_t cap = [] {
    std::uint64_t lo = 0, hi = std::uint64_t{1} << 50;  // sum(2^50) is far past 2^128
    u128 ignored;
    while (hi - lo > 1) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      (closed_form_checked(mid, ignored) ? lo : hi) = mid;
    }
    return lo;
  }();
  return cap;
}

}  // namespace pc::kernels::sumsq
