// Decimal text of 128-bit values and their 64-bit words.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/int128.hpp"

using pc::core::u128;

TEST_CASE("to_string prints 128-bit values exactly") {
  CHECK(pc::core::to_string(0) == "0");
  CHECK(pc::core::to_string(7) == "7");
  CHECK(pc::core::to_string(u128{1} << 64) == "18446744073709551616");
  CHECK(pc::core::to_string(~u128{0}) == "340282366920938463463374607431768211455");
  CHECK(pc::core::to_string(u128{10000000000000000000ULL} * 10) == "100000000000000000000");
}

TEST_CASE("parse_u128 reads what to_string writes and refuses the rest") {
  for (u128 v : {u128{0}, u128{42}, u128{1} << 100, ~u128{0}})
    CHECK(pc::core::parse_u128(pc::core::to_string(v), "x") == v);
  CHECK_THROWS_AS(pc::core::parse_u128("340282366920938463463374607431768211456", "x"), pc::core::UsageError);
  CHECK_THROWS_AS(pc::core::parse_u128("12a", "x"), pc::core::UsageError);
  CHECK_THROWS_AS(pc::core::parse_u128("", "x"), pc::core::UsageError);
  CHECK_THROWS_AS(pc::core::parse_u128("-1", "x"), pc::core::UsageError);
}

TEST_CASE("high and low words recombine") {
  const u128 v = (u128{0x0123456789abcdefULL} << 64) | 0xfedcba9876543210ULL;
  CHECK(pc::core::high_word(v) == 0x0123456789abcdefULL);
  CHECK(pc::core::low_word(v) == 0xfedcba9876543210ULL);
  CHECK(pc::core::from_words(pc::core::high_word(v), pc::core::low_word(v)) == v);
}
