// Escapes what a terminal would interpret; decodes UTF-8 strictly (RFC 3629) to do so.
#include "core/printable.hpp"

#include <cstdint>
#include <cstdio>

namespace pc::core {

namespace {

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0 if there is none:
// no overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t sequence_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t n = 0;
  std::uint8_t low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) n = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
  else if (lead >= 0xF0 && lead <= 0xF4) n = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (s.size() < n || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  return n;
}

std::string hex_escape(const char* prefix, unsigned value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%02x", prefix, value);
  return buf;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text[0]);
    const std::size_t n = sequence_length(text);
    if (n == 0) out += hex_escape("\\x", c);
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7F) out += hex_escape("\\x", c);
    else if (c == 0xC2 && static_cast<unsigned char>(text[1]) < 0xA0) out += hex_escape("\\u00", static_cast<unsigned char>(text[1]));
    else out.append(text.substr(0, n));
    text.remove_prefix(n == 0 ? 1 : n);
  }
  return out;
}

}  // namespace pc::core
