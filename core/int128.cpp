// Decimal conversion of unsigned __int128, which the standard library does not print.
#include "core/int128.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace pc::core {

std::string to_string(u128 value) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

u128 parse_u128(const std::string& text, const std::string& what) {
  if (text.empty()) throw UsageError(what + ": empty value (accepted: a whole number)");
  constexpr u128 kMax = ~u128{0};
  u128 value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw UsageError(what + ": '" + text + "' is not a whole number (accepted: digits 0-9)");
    const unsigned digit = static_cast<unsigned>(c - '0');
    if (value > (kMax - digit) / 10) throw UsageError(what + ": '" + text + "' does not fit in 128 bits");
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace pc::core
