// sumsq against brute force and the closed form, the 2^32 boundary, the size cap, and the
// OpenMP driver against the serial reference.
#include <catch2/catch.hpp>

#include "kernels/sumsq.hpp"
#include "omp/sumsq.hpp"

namespace k = pc::kernels::sumsq;
using pc::core::u128;

namespace {
u128 brute(std::uint64_t begin, std::uint64_t end) {
  u128 s = 0;
  for (std::uint64_t i = begin; i < end; ++i) s += u128{i} * i;
  return s;
}
}  // namespace

TEST_CASE("sumsq at N = 0, 1, 2, 3") {
  CHECK(k::serial(0) == 0);
  CHECK(k::serial(1) == 0);
  CHECK(k::serial(2) == 1);
  CHECK(k::serial(3) == 5);
  CHECK(k::closed_form(0) == 0);
  CHECK(k::closed_form(1) == 0);
  CHECK(k::closed_form(2) == 1);
  CHECK(k::closed_form(3) == 5);
}

TEST_CASE("sumsq matches brute force for small N and ranges") {
  for (std::uint64_t n = 0; n < 300; ++n) {
    CAPTURE(n);
    REQUIRE(k::serial(n) == brute(0, n));
    REQUIRE(k::closed_form(n) == brute(0, n));
  }
  for (std::uint64_t b : {0ULL, 5ULL, 1000ULL, 123456ULL})
    for (std::uint64_t len : {0ULL, 1ULL, 17ULL, 4099ULL}) CHECK(k::block_sum(b, b + len) == brute(b, b + len));
}

TEST_CASE("block sums across 2^32, where squares stop fitting in 64 bits") {
  const std::uint64_t edge = std::uint64_t{1} << 32;
  for (std::uint64_t b : {edge - 1000, edge - 1, edge, edge + 1})
    for (std::uint64_t len : {1ULL, 2ULL, 999ULL, 2500ULL}) {
      CAPTURE(b, len);
      CHECK(k::block_sum(b, b + len) == brute(b, b + len));
    }
  CHECK(k::block_sum(edge - 3, edge) == brute(edge - 3, edge));
}

TEST_CASE("large N: the loop agrees with the closed form past 64 bits") {
  const std::uint64_t n = 10'000'000;
  const u128 expected = k::closed_form(n);
  CHECK(pc::core::to_string(expected) == "333333283333335000000");  // n(n-1)(2n-1)/6 by hand
  CHECK(expected > u128{~std::uint64_t{0}});
  CHECK(k::serial(n) == expected);
  CHECK(k::serial(n + 12345) == k::closed_form(n + 12345));
}

TEST_CASE("the size cap is the largest N whose sum fits in 128 bits") {
  const std::uint64_t cap = k::max_size();
  const u128 top = k::closed_form(cap);
  // The next term, cap^2, would overflow: sum(cap + 1) = top + cap^2 > 2^128 - 1.
  CHECK(top > ~u128{0} - u128{cap} * cap);
  // And the last term that was added, (cap-1)^2, fitted.
  CHECK(top - u128{cap - 1} * (cap - 1) == k::closed_form(cap - 1));
  CHECK(cap > 10'000'000'000'000ULL);
  CHECK(cap < 11'000'000'000'000ULL);
}

TEST_CASE("the OpenMP driver equals the serial reference") {
  for (std::uint64_t n : {std::uint64_t{0}, std::uint64_t{1}, k::kBlock - 1, k::kBlock, k::kBlock + 1,
                          3 * k::kBlock + 77, std::uint64_t{10'000'019}}) {
    CAPTURE(n);
    CHECK(pc::omp::sumsq::run(n) == k::serial(n));
  }
}
