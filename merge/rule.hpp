// The merge rule as a plain function: rows of several inputs keyed by their identity, each
// identity kept once; the same identity with a different outcome is a conflict, refused
// unless --prefer newest picks one. Tested without files (tests/unit/test_merge_rule.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pc::merge {

enum class Prefer { none, newest };
// "newest" back, or nullopt for any other word.
std::optional<Prefer> prefer_from_name(std::string_view name);
const char* prefer_name(Prefer p);

struct Counts {
  std::int64_t rows_in = 0;
  std::int64_t duplicates = 0;  // identical rows dropped
  std::int64_t conflicts = 0;   // differing rows decided by --prefer newest (the older dropped)
  std::int64_t rows_out = 0;
};

// The first conflict met without --prefer: the identity, the two inputs (by index) and
// their rows.
template <class Row> struct Conflict {
  std::string key;
  std::size_t first = 0;
  std::size_t second = 0;
  Row first_row;
  Row second_row;
};

template <class Row> struct Merged {
  std::vector<Row> rows;           // each identity once, where it first appeared
  std::vector<std::int64_t> kept;  // rows kept from each input
  Counts counts;
  std::optional<Conflict<Row>> refused;  // set: nothing is to be written
};

// One input's rows with what the rule needs of each: its identity, and its time for
// --prefer newest (a later time wins; a tie keeps the earlier input's row).
template <class Row> struct Keyed {
  std::vector<Row> rows;
  std::vector<std::string> keys;  // one per row, unique within the input
  std::vector<double> times;      // one per row
};

// `same(a, b)`: whether two rows of one identity have the same outcome. Rows come out in
// input order, each input's rows in their order, an identity at its first place.
template <class Row, class Same> Merged<Row> merge_rows(std::vector<Keyed<Row>> inputs, Prefer prefer, Same same) {
  Merged<Row> out;
  out.kept.assign(inputs.size(), 0);
  struct Place {
    std::size_t index;  // in out.rows
    std::size_t input;
    double time;
  };
  std::unordered_map<std::string, Place> seen;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Keyed<Row>& in = inputs[i];
    for (std::size_t r = 0; r < in.rows.size(); ++r) {
      ++out.counts.rows_in;
      const auto [it, fresh] = seen.try_emplace(in.keys[r], Place{out.rows.size(), i, in.times[r]});
      if (fresh) {
        out.rows.push_back(std::move(in.rows[r]));
        ++out.kept[i];
        continue;
      }
      Place& p = it->second;
      if (same(out.rows[p.index], in.rows[r])) {
        ++out.counts.duplicates;
        continue;
      }
      if (prefer == Prefer::none) {
        out.refused = Conflict<Row>{in.keys[r], p.input, i, out.rows[p.index], std::move(in.rows[r])};
        return out;
      }
      ++out.counts.conflicts;
      if (in.times[r] > p.time) {
        out.rows[p.index] = std::move(in.rows[r]);
        --out.kept[p.input];
        ++out.kept[i];
        p.input = i;
        p.time = in.times[r];
      }
    }
  }
  out.counts.rows_out = static_cast<std::int64_t>(out.rows.size());
  return out;
}

// Keys that tell apart rows with equal text in one input: "TEXT" for its first occurrence,
// then "TEXT\n1", "TEXT\n2"... (a URL listed twice is fetched twice: two rows).
std::vector<std::string> occurrence_keys(const std::vector<std::string>& texts);

}  // namespace pc::merge
