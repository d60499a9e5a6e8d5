// Escapes what a terminal would interpret; UTF-8 is decoded strictly by core::utf8_sequence.
#include "core/printable.hpp"

#include <cstdio>
#include <cstring>

#include "core/utf8.hpp"

namespace pc::core {

namespace {

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
    const std::size_t n = utf8_sequence(text);
    if (n == 0) out += hex_escape("\\x", c);
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7F) out += hex_escape("\\x", c);
    else if (c == 0xC2 && static_cast<unsigned char>(text[1]) < 0xA0)
      out += hex_escape("\\u00", static_cast<unsigned char>(text[1]));
    else out.append(text.substr(0, n));
    text.remove_prefix(n == 0 ? 1 : n);
  }
  return out;
}

namespace {

bool plain_word(std::string_view word) {
  const auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && std::strchr("_@%+=:,./-", c) != nullptr);
  };
  bool safe = !word.empty();
  for (char c : word) safe = safe && plain(c);
  return safe;
}

}  // namespace

std::string posix_word(std::string_view word) {
  if (plain_word(word)) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out.append("'\\''");
    else out += c;
  }
  return out + "'";
}

std::string shell_word(std::string_view word) {
  if (plain_word(word)) return std::string(word);
  std::string escaped = "$'";
  bool needs_escapes = false;
  for (std::string_view rest = word; !rest.empty();) {
    const auto c = static_cast<unsigned char>(rest[0]);
    const std::size_t n = utf8_sequence(rest);
    const bool c1 = c == 0xC2 && n == 2 && static_cast<unsigned char>(rest[1]) < 0xA0;
    if (n == 0 || c < 0x20 || c == 0x7F || c1) {
      // Bytes, not \u escapes: $'\u0085' would depend on the locale bash runs in.
      needs_escapes = true;
      if (c == '\n' || c == '\t') escaped += c == '\n' ? "\\n" : "\\t";
      else
        for (std::size_t i = 0; i < (n == 0 ? 1 : n); ++i)
          escaped += hex_escape("\\x", static_cast<unsigned char>(rest[i]));
    } else {
      const std::string_view ch = rest.substr(0, n);
      escaped.append(c == '\'' ? std::string_view("\\'") : c == '\\' ? std::string_view("\\\\") : ch);
    }
    rest.remove_prefix(n == 0 ? 1 : n);
  }
  // Single quotes, where nothing is special, unless the word holds what a terminal would act
  // on; then bash's $'...' with escapes, so that the word stays on one printable line.
  return needs_escapes ? escaped + "'" : posix_word(word);
}

}  // namespace pc::core
