// Exact 128-bit unsigned integers: decimal text and the two 64-bit words they are stored as.
#pragma once
#include <cstdint>
#include <string>

namespace pc::core {

using u128 = unsigned __int128;

std::string to_string(u128 value);
// Parses a decimal string of digits only; throws UsageError naming `what` otherwise.
u128 parse_u128(const std::string& text, const std::string& what);

inline std::uint64_t high_word(u128 v) { return static_cast<std::uint64_t>(v >> 64); }
inline std::uint64_t low_word(u128 v) { return static_cast<std::uint64_t>(v); }
inline u128 from_words(std::uint64_t hi, std::uint64_t lo) { return (u128{hi} << 64) | lo; }

}  // namespace pc::core
