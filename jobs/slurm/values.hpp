// Slurm's own value formats, checked before a script is written: a job that Slurm refuses
// at submission, or that fails after hours in the queue, is worse than an error now.
#pragma once
#include <cstdint>
#include <string>

namespace pc::jobs::slurm {

// A --time value in one of sbatch's formats: "minutes", "minutes:seconds",
// "hours:minutes:seconds", "days-hours", "days-hours:minutes", "days-hours:minutes:seconds",
// or UNLIMITED / INFINITE (-1). Returns the seconds; throws core::UsageError naming --time.
std::int64_t time_limit_seconds(const std::string& text);

// A job array of consecutive indices: "A-B", "A-B%N" (at most N at once) or "A". Each index is
// one part of a farm's list, so lists ("0,2,4") and steps ("0-15:4") are refused with why.
struct ArrayRange {
  std::int64_t first = 0, last = 0, at_once = 0;  // at_once 0: no limit
};
ArrayRange array_range(const std::string& text);  // throws core::UsageError naming --array

// A name or path that goes on an #SBATCH line as it is: not empty, no white space, quotes,
// backslashes or control characters (sbatch splits those lines itself, and a newline would
// end the comment). Throws core::UsageError naming `flag`.
void check_sbatch_word(const std::string& flag, const std::string& value);

}  // namespace pc::jobs::slurm
