// CRC-32C (Castagnoli), the checksum of each journal record: it catches torn and flipped
// records, and it needs no library.
#pragma once
#include <cstddef>
#include <cstdint>

namespace pc::io {

// The CRC-32C of `n` bytes, continuing from `crc` (0 to start). crc32c("123456789") is
// 0xE3069283.
std::uint32_t crc32c(const void* data, std::size_t n, std::uint32_t crc = 0);
// The same by the portable table alone, which crc32c() uses on CPUs without the instruction
// (for the tests, which compare the two).
std::uint32_t crc32c_by_table(const void* data, std::size_t n, std::uint32_t crc = 0);

}  // namespace pc::io
