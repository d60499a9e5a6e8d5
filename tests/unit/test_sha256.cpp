// The streaming digest against published SHA-256 test vectors, fed whole and in pieces.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "fetch/sha256.hpp"

TEST_CASE("SHA-256 matches the FIPS 180-2 vectors, whole or streamed", "[fetch]") {
  pc::io::Sha256 d;
  CHECK(d.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  d.restart();
  d.update("abc", 3);
  CHECK(d.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string million(1000000, 'a');
  d.restart();
  for (std::size_t at = 0; at < million.size(); at += 7919)  // a prime: pieces never align with blocks
    d.update(million.data() + at, std::min<std::size_t>(7919, million.size() - at));
  CHECK(d.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
