// Parsing of user-typed numbers with errors that name the flag and what it accepts.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pc::jobs {

// A whole number in [lo, hi]: digits, optionally with '_' separators, or "<digits>e<digits>"
// (1e7). Throws core::UsageError("FLAG: 'TEXT' ... (accepted: ...)").
// `why_hi` (optional) explains the upper bound in the message.
std::uint64_t parse_whole(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                          const std::string& why_hi = "");

// A comma-separated list of whole numbers in [lo, hi] (at least one).
std::vector<std::uint64_t> parse_whole_list(const std::string& flag, const std::string& text, std::uint64_t lo,
                                            std::uint64_t hi, const std::string& why_hi = "");

}  // namespace pc::jobs
