// Numbers are parsed by hand: std::stoull accepts "-5" (wrapping it) and trailing junk.
#include "jobs/parse.hpp"

#include "core/error.hpp"

namespace pc::jobs {

namespace {

bool digits_to(const std::string& s, std::uint64_t& out) {
  if (s.empty()) return false;
  std::uint64_t v = 0;
  bool any = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_' && any && i + 1 < s.size()) continue;
    if (c < '0' || c > '9') return false;
    const unsigned d = static_cast<unsigned>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
    any = true;
  }
  out = v;
  return any;
}

}  // namespace

std::uint64_t parse_whole(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                          const std::string& why_hi) {
  const std::string accepted = " (accepted: a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi) + (why_hi.empty() ? "" : ", " + why_hi) + ")";
  std::uint64_t value = 0;
  const auto e = text.find_first_of("eE");
  bool ok;
  if (e == std::string::npos) {
    ok = digits_to(text, value);
  } else {
    std::uint64_t mant = 0, exp = 0;
    ok = digits_to(text.substr(0, e), mant) && digits_to(text.substr(e + 1), exp) && exp <= 19;
    for (std::uint64_t i = 0; ok && i < exp; ++i) {
      ok = mant <= UINT64_MAX / 10;
      mant *= 10;
    }
    value = mant;
  }
  if (!ok) throw core::UsageError(flag + ": '" + text + "' is not a whole number" + accepted);
  if (value < lo || value > hi) throw core::UsageError(flag + ": " + text + " is out of range" + accepted);
  return value;
}

std::vector<std::uint64_t> parse_whole_list(const std::string& flag, const std::string& text, std::uint64_t lo,
                                            std::uint64_t hi, const std::string& why_hi) {
  std::vector<std::uint64_t> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    out.push_back(parse_whole(flag, text.substr(start, comma - start), lo, hi, why_hi));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace pc::jobs
