// The one way to declare a number, path or list option on a CLI11 app: its value is read by
// jobs/cli/parse.* while the command line is parsed, so every flag has the same rules and messages.
#pragma once
#include <CLI/CLI.hpp>
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "jobs/cli/parse.hpp"

namespace pc::jobs {

// What an option accepts. Constructors rather than aggregates: -Wextra would flag every
// {lo, hi} that leaves out the text.
struct WholeRange {
  WholeRange(std::uint64_t lo_, std::uint64_t hi_, std::string why_hi_ = "")
      : lo(lo_), hi(hi_), why_hi(std::move(why_hi_)) {}
  std::uint64_t lo, hi;
  std::string why_hi;  // why the upper bound, when it is not obvious
};

struct RealRange {
  RealRange(double lo_, double hi_, std::string note_ = "") : lo(lo_), hi(hi_), note(std::move(note_)) {}
  double lo, hi;
  std::string note;  // e.g. "in seconds"
};

// Reads one value given to the option named `flag`; throws core::UsageError for a bad one.
using ReadValue = std::function<void(const std::string& flag, const std::string& text)>;

// An option whose value goes to `read` while CLI11 parses. Its core::UsageError leaves
// app.parse() as it is (CLI11 catches only its own errors), so main reports it as one line,
// exit status 2, like any other usage error. The flag in messages is the option's first long
// name.
CLI::Option* add_read_option(CLI::App& cmd, const std::string& names, const std::string& help, ReadValue read);

// A whole number in `range` into `into`, whose value beforehand is the default shown in help.
template <std::integral T>
CLI::Option* add_whole(CLI::App& cmd, const std::string& names, T& into, const WholeRange& range,
                       const std::string& help) {
  if (range.hi > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
    throw std::logic_error(names + ": the range does not fit the option's type");
  return add_read_option(cmd, names, help,
                         [&into, range](const std::string& flag, const std::string& text) {
                           into = static_cast<T>(parse_whole(flag, text, range.lo, range.hi, range.why_hi));
                         })
      ->type_name("N")
      ->default_str(std::to_string(into));
}

// A comma-separated list of whole numbers in `range` (no default).
CLI::Option* add_whole_list(CLI::App& cmd, const std::string& names, std::vector<std::uint64_t>& into,
                            const WholeRange& range, const std::string& help);

// A real number in `range` into `into`, whose value beforehand is the default shown in help.
CLI::Option* add_real(CLI::App& cmd, const std::string& names, double& into, const RealRange& range,
                      const std::string& help);

// A path (or other text) that may not be empty: `-o ""` is a shell variable that was never
// set, not a request for the default. `accepted` says what is ("a file name").
CLI::Option* add_text(CLI::App& cmd, const std::string& names, std::string& into, const std::string& accepted,
                      const std::string& help);

}  // namespace pc::jobs
