#include "jobs/slurm/values.hpp"

#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/printable.hpp"

namespace pc::jobs::slurm {

namespace {

// Decimal digits only, at most nine (Slurm's fields are ints; a year of minutes fits).
std::optional<std::int64_t> digits(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

std::int64_t time_limit_seconds(const std::string& text) {
  if (text == "UNLIMITED" || text == "INFINITE") return -1;
  const auto bad = [&text](const std::string& why) {
    return core::UsageError("--time: '" + core::printable(text) + "' " + why +
                            " (accepted: minutes, minutes:seconds, hours:minutes:seconds, days-hours, "
                            "days-hours:minutes, days-hours:minutes:seconds, UNLIMITED)");
  };
  std::string_view rest = text;
  std::optional<std::int64_t> days;
  if (const std::size_t dash = rest.find('-'); dash != std::string_view::npos) {
    days = digits(rest.substr(0, dash));
    if (!days) throw bad("is not a Slurm time");
    rest.remove_prefix(dash + 1);
  }
  const std::vector<std::string_view> fields = split(rest, ':');
  if (fields.size() > 3) throw bad("is not a Slurm time");
  std::vector<std::int64_t> v;
  for (std::string_view f : fields) {
    const std::optional<std::int64_t> n = digits(f);
    if (!n) throw bad("is not a Slurm time");
    v.push_back(*n);
  }
  // Every field but the first counts within the next larger unit, as on a clock.
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i] >= 60) throw bad("has a field of 60 or more after the first");
  std::int64_t seconds = 0;
  if (days) {
    if (v[0] >= 24) throw bad("has 24 hours or more after the days");
    const std::int64_t units[] = {3600, 60, 1};
    seconds = *days * 86400;
    for (std::size_t i = 0; i < v.size(); ++i) seconds += v[i] * units[i];
  } else if (v.size() == 3) {
    seconds = v[0] * 3600 + v[1] * 60 + v[2];
  } else {
    seconds = v[0] * 60 + (v.size() == 2 ? v[1] : 0);
  }
  return seconds == 0 ? -1 : seconds;  // Slurm: a limit of zero is no limit
}

ArrayRange array_range(const std::string& text) {
  const auto bad = [&text](const std::string& why) {
    return core::UsageError("--array: '" + core::printable(text) + "' " + why +
                            " (accepted: A-B or A-B%N, consecutive indices: each is one part of the task list)");
  };
  if (text.find(',') != std::string::npos || text.find(':') != std::string::npos) throw bad("is a list or has a step");
  std::string_view range = text;
  ArrayRange out;
  if (const std::size_t pct = range.find('%'); pct != std::string_view::npos) {
    const std::optional<std::int64_t> n = digits(range.substr(pct + 1));
    if (!n || *n == 0) throw bad("has no positive limit after %");
    out.at_once = *n;
    range = range.substr(0, pct);
  }
  const std::vector<std::string_view> ends = split(range, '-');
  if (ends.size() > 2) throw bad("is not an index range");
  const std::optional<std::int64_t> first = digits(ends[0]);
  const std::optional<std::int64_t> last = ends.size() == 2 ? digits(ends[1]) : first;
  if (!first || !last) throw bad("is not an index range");
  if (*last < *first) throw bad("ends before it begins");
  out.first = *first;
  out.last = *last;
  return out;
}

void check_sbatch_word(const std::string& flag, const std::string& value) {
  if (value.empty()) throw core::UsageError(flag + ": empty (an unset shell variable?)");
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '\'' || c == '"' || c == '\\')
      throw core::UsageError(flag + ": '" + core::printable(value) +
                             "' holds a space, quote, backslash or control character, which an #SBATCH line cannot "
                             "carry");
  }
}

}  // namespace pc::jobs::slurm
