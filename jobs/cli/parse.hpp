// How parcompute reads numbers typed by a user: one grammar for whole and one for real
// numbers, with errors that name the flag and what it accepts.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pc::jobs {

// A whole number in [lo, hi]: decimal digits, optionally with single '_' between two digits
// (10_000), or "<digits>e<digits>" (1e7, 25E2). No sign, space, hex or fraction. Throws
// core::UsageError: "FLAG: 'TEXT' is not a whole number (accepted: a whole number from LO to
// HI[, WHY_HI])", or "FLAG: TEXT is out of range (accepted: ...)" for a well-formed number
// outside [lo, hi] (2^64 and beyond included). `why_hi` (optional) explains the upper bound.
std::uint64_t parse_whole(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                          const std::string& why_hi = "");

// A comma-separated list of whole numbers in [lo, hi] (at least one; no empty item).
std::vector<std::uint64_t> parse_whole_list(const std::string& flag, const std::string& text, std::uint64_t lo,
                                            std::uint64_t hi, const std::string& why_hi = "");

// The value of a real number written as plain decimal: [-]digits[.digits][(e|E)[+|-]digits]
// (0.25, 10, 1.5e-3); nothing for any other text (hex, inf, nan, spaces, "+1", ".5", "5.").
std::optional<double> read_real(std::string_view text);

// A real number in [lo, hi] as read_real reads it, a '-' only when lo < 0. Throws
// core::UsageError: "FLAG: 'TEXT' is not a number (accepted: a number from LO to HI[, NOTE])"
// or "FLAG: TEXT is out of range (accepted: ...)".
double parse_real(const std::string& flag, const std::string& text, double lo, double hi, const std::string& note = "");

// `v` in the shortest decimal form that reads back as `v` (86400, 0.25, 1e-09).
std::string real_text(double v);

// The items of a comma-separated list, empty ones included ("" is one empty item).
std::vector<std::string_view> split_commas(std::string_view text);

}  // namespace pc::jobs
