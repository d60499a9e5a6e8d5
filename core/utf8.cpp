// UTF-8 as RFC 3629 defines it: the lead byte fixes the length and the range of the second
// byte (which rules out overlong forms, surrogates and code points beyond U+10FFFF).
#include "core/utf8.hpp"

namespace pc::core {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_hex(std::string& out, unsigned char byte) {
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
}

void append_backslash_escape(std::string& out, unsigned char byte) {
  out += "\\x";
  append_hex(out, byte);
}

}  // namespace

std::size_t utf8_sequence(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char second_lo = 0x80, second_hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_lo = 0xA0;  // below: overlong
    if (lead == 0xED) second_hi = 0x9F;  // above: surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_lo = 0x90;  // below: overlong
    if (lead == 0xF4) second_hi = 0x8F;  // above: beyond U+10FFFF
  } else {
    return 0;  // a continuation byte, C0, C1 (always overlong) or F5 to FF
  }
  if (text.size() < length || byte(1) < second_lo || byte(1) > second_hi) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  return length;
}

bool is_utf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t n = utf8_sequence(text.substr(at));
    if (n == 0) return false;
    at += n;
  }
  return true;
}

std::string replace_invalid_utf8(std::string_view text, EscapeByte escape) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (const std::size_t n = utf8_sequence(text.substr(at)); n > 0) {
      out.append(text.substr(at, n));
      at += n;
    } else {
      escape(out, static_cast<unsigned char>(text[at++]));
    }
  }
  return out;
}

std::string escape_invalid_utf8(std::string_view text) { return replace_invalid_utf8(text, append_backslash_escape); }

void append_percent_escape(std::string& out, unsigned char byte) {
  out += '%';
  append_hex(out, byte);
}

}  // namespace pc::core
