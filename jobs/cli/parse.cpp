// Numbers are read by hand against a grammar of our own: std::stoull and CLI11 accept "-5"
// (wrapping it), " 5", "0x10" and trailing junk; strtod accepts hex, "inf", "nan" and spaces.
#include "jobs/cli/parse.hpp"

#include <charconv>
#include <cstdlib>

#include "core/error.hpp"

namespace pc::jobs {

namespace {

// A well-formed whole number; `beyond` when it is 2^64 or more (then `value` means nothing),
// so that a number too large for 64 bits is "out of range", not "not a whole number".
struct Whole {
  std::uint64_t value = 0;
  bool beyond = false;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void times_ten_plus(Whole& w, unsigned digit) {
  if (w.beyond || w.value > (UINT64_MAX - digit) / 10) w.beyond = true;
  else w.value = w.value * 10 + digit;
}

// Digits with single '_' between two of them.
std::optional<Whole> read_digits(std::string_view s) {
  if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  Whole w;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && s[i + 1] != '_') continue;  // s.back() is no '_': s[i + 1] exists
    if (!is_digit(s[i])) return std::nullopt;
    times_ten_plus(w, static_cast<unsigned>(s[i] - '0'));
  }
  return w;
}

std::optional<Whole> read_whole(std::string_view text) {
  const std::size_t e = text.find_first_of("eE");
  if (e == std::string_view::npos) return read_digits(text);
  const std::optional<Whole> mantissa = read_digits(text.substr(0, e));
  const std::optional<Whole> exponent = read_digits(text.substr(e + 1));
  if (!mantissa || !exponent) return std::nullopt;
  Whole w = *mantissa;
  if (!w.beyond && w.value == 0) return w;  // 0e99 is 0, however large the exponent
  w.beyond = w.beyond || exponent->beyond;
  // At most 20 rounds: a mantissa of at least 1 passes 2^64 by then.
  for (std::uint64_t i = 0; i < exponent->value && !w.beyond; ++i) times_ten_plus(w, 0);
  return w;
}

// The one shape of every number's error: malformed text is quoted, a number out of range is not.
[[noreturn]] void refuse(const std::string& flag, const std::string& text, bool well_formed, const std::string& kind,
                         const std::string& lo, const std::string& hi, const std::string& note) {
  const std::string accepted =
      " (accepted: " + kind + " from " + lo + " to " + hi + (note.empty() ? "" : ", " + note) + ")";
  if (well_formed) throw core::UsageError(flag + ": " + text + " is out of range" + accepted);
  throw core::UsageError(flag + ": '" + text + "' is not " + kind + accepted);
}

std::size_t skip_digits(std::string_view text, std::size_t at) {
  while (at < text.size() && is_digit(text[at])) ++at;
  return at;
}

}  // namespace

std::uint64_t parse_whole(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                          const std::string& why_hi) {
  const std::optional<Whole> w = read_whole(text);
  if (!w || w->beyond || w->value < lo || w->value > hi)
    refuse(flag, text, w.has_value(), "a whole number", std::to_string(lo), std::to_string(hi), why_hi);
  return w->value;
}

std::vector<std::uint64_t> parse_whole_list(const std::string& flag, const std::string& text, std::uint64_t lo,
                                            std::uint64_t hi, const std::string& why_hi) {
  std::vector<std::uint64_t> out;
  for (std::string_view item : split_commas(text)) out.push_back(parse_whole(flag, std::string(item), lo, hi, why_hi));
  return out;
}

std::optional<double> read_real(std::string_view text) {
  std::size_t at = !text.empty() && text[0] == '-' ? 1 : 0;
  auto digits_at = [&] {
    const std::size_t start = at;
    at = skip_digits(text, at);
    return at > start;
  };
  if (!digits_at()) return std::nullopt;
  if (at < text.size() && text[at] == '.' && (++at, !digits_at())) return std::nullopt;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    if (!digits_at()) return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  // The grammar leaves strtod none of its extras; parcompute never sets a locale, so '.' is
  // the decimal point. Too large a number becomes infinity, which no range holds.
  return std::strtod(std::string(text).c_str(), nullptr);
}

double parse_real(const std::string& flag, const std::string& text, double lo, double hi, const std::string& note) {
  const bool signed_ok = lo < 0 || text.empty() || text[0] != '-';
  const std::optional<double> v = signed_ok ? read_real(text) : std::nullopt;
  if (!v || !(*v >= lo && *v <= hi)) refuse(flag, text, v.has_value(), "a number", real_text(lo), real_text(hi), note);
  return *v;
}

std::string real_text(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

}  // namespace pc::jobs
