// What a fetch run reports: the summary (status classes, errors, rates), the /fetch group of
// the results file, the table and the JSON document.
#pragma once
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "core/table.hpp"
#include "fetch/fetch.hpp"
#include "io/h5.hpp"

namespace pc::jobs {

struct FetchSummary {
  std::int64_t urls = 0;
  std::int64_t failed = 0;
  std::int64_t attempts = 0;
  std::int64_t bytes = 0;
  std::int64_t connects = 0;  // new connections of the rows' last attempts
  // URLs by HTTP status class: [0] no response, [1] 1xx ... [5] 5xx.
  std::array<std::int64_t, 6> by_class{};
  double seconds = 0.0;  // wall time of the fetching, slowest rank
  double requests_per_second() const { return seconds > 0 ? static_cast<double>(attempts) / seconds : 0.0; }
  double mb_per_second() const { return seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0; }
};

FetchSummary summarize(const std::vector<io::FetchRow>& rows, double seconds);

// One dataset per column under `group` plus the summary and the options as its attributes.
// The columns and the summary alone are what `merge` writes (the options are its inputs').
void write_fetch_columns(const io::h5::Location& group, const std::vector<io::FetchRow>& rows);
void write_fetch_summary(const io::h5::Location& group, const FetchSummary& summary);
// The rows of a /fetch group written by write_fetch_columns, every column as stored. Throws
// core::Error for a missing column or one of another length than `url`.
std::vector<io::FetchRow> read_fetch_columns(const io::h5::Location& group);
void write_fetch_group(const io::h5::Location& group, const std::vector<io::FetchRow>& rows,
                       const FetchSummary& summary, const io::FetchOptions& options);

core::Table fetch_table(const std::vector<io::FetchRow>& rows);
std::vector<std::string> summary_lines(const FetchSummary& summary);
// One JSON object: the fields of `head`, then "rows" and "summary". Rows are written one by
// one, so a long list is never held twice (once as rows, once as a JSON document).
void print_fetch_json(std::ostream& out, const nlohmann::json& head, const std::vector<io::FetchRow>& rows,
                      const FetchSummary& summary);

}  // namespace pc::jobs
