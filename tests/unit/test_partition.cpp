// The block partition of n items over p parts, for many (n, p).
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/partition.hpp"

using namespace pc::core;

TEST_CASE("block ranges tile 0..n in order with sizes differing by at most one") {
  for (std::int64_t n : {0, 1, 2, 3, 4, 7, 10, 99, 100, 101, 1000003}) {
    for (int p : {1, 2, 3, 4, 5, 7, 8, 16, 100, 200}) {
      CAPTURE(n, p);
      std::int64_t expect_begin = 0, smallest = n, largest = 0;
      for (int part = 0; part < p; ++part) {
        const Range r = block_range(n, p, part);
        REQUIRE(r.begin == expect_begin);
        REQUIRE(r.size() >= 0);
        smallest = std::min(smallest, r.size());
        largest = std::max(largest, r.size());
        if (part > 0) REQUIRE(block_range(n, p, part - 1).size() >= r.size());  // larger parts first
        for (std::int64_t item = r.begin; item < r.end; item += std::max<std::int64_t>(1, r.size() / 3))
          REQUIRE(block_owner(n, p, item) == part);
        if (r.size() > 0) REQUIRE(block_owner(n, p, r.end - 1) == part);
        expect_begin = r.end;
      }
      CHECK(expect_begin == n);
      CHECK(largest - smallest <= 1);
      const Layout layout = block_layout(n, p);
      REQUIRE(layout.counts.size() == static_cast<std::size_t>(p));
      for (int part = 0; part < p; ++part) {
        CHECK(layout.counts[static_cast<std::size_t>(part)] == block_range(n, p, part).size());
        CHECK(layout.displs[static_cast<std::size_t>(part)] == block_range(n, p, part).begin);
      }
    }
  }
}

TEST_CASE("block partition refuses impossible arguments") {
  CHECK_THROWS_AS(block_range(10, 0, 0), Error);
  CHECK_THROWS_AS(block_range(-1, 2, 0), Error);
  CHECK_THROWS_AS(block_range(10, 2, 2), Error);
  CHECK_THROWS_AS(block_owner(10, 2, 10), Error);
}
