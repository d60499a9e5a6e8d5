// Rows become columns (datasets, table cells, JSON fields) here, in one place each.
#include "jobs/fetch/report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "fetch/columns.hpp"

namespace pc::jobs {

namespace {

const char* const kClassNames[] = {"no response", "1xx", "2xx", "3xx", "4xx", "5xx"};

template <class T, class F> std::vector<T> column(const std::vector<io::FetchRow>& rows, F field) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const io::FetchRow& r : rows) out.push_back(static_cast<T>(field(r)));
  return out;
}

// URLs are bytes as the user gave them, not always UTF-8: invalid sequences become U+FFFD
// in the JSON rather than an exception.
std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// A double as nlohmann writes it (shortest round trip, always with a '.' or exponent).
void append_number(std::string& out, double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string_view text(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
  if (!std::isfinite(v) || text.empty()) text = "null";
  out += text;
  if (std::isfinite(v) && text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

// One row as a JSON object, field by field in the columns' order: an nlohmann object per
// row made JSON output of long lists slow.
void append_row(std::string& out, const io::FetchRow& r) {
  const auto text = [&](const char* key, const std::string& value) {
    out += key;
    // Printable ASCII without quotes or backslashes is its own JSON text (most URLs, every
    // digest); anything else goes through nlohmann for escapes and invalid UTF-8.
    const bool plain = std::all_of(value.begin(), value.end(),
                                   [](unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (plain) {
      out += '"';
      out += value;
      out += '"';
    } else {
      out += dump(nlohmann::json(value));
    }
  };
  const auto integer = [&](const char* key, std::int64_t value) {
    out += key;
    out += std::to_string(value);
  };
  const auto real = [&](const char* key, double value) {
    out += key;
    append_number(out, value);
  };
  bool first = true;
  io::for_each_fetch_column([&](const char* name, auto member) {
    const std::string key = std::string(first ? "{\"" : ", \"").append(name).append("\": ");
    first = false;
    using M = std::decay_t<decltype(r.*member)>;
    if constexpr (std::is_same_v<M, std::string>) text(key.c_str(), r.*member);
    else if constexpr (std::is_floating_point_v<M>) real(key.c_str(), r.*member);
    else integer(key.c_str(), static_cast<std::int64_t>(r.*member));
  });
  out += '}';
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

FetchSummary summarize(const std::vector<io::FetchRow>& rows, double seconds) {
  FetchSummary s;
  s.urls = static_cast<std::int64_t>(rows.size());
  s.seconds = seconds;
  for (const io::FetchRow& r : rows) {
    s.failed += r.failed() ? 1 : 0;
    s.attempts += r.attempts;
    s.bytes += r.bytes;
    s.connects += r.connects;
    const long cls = r.status / 100;
    ++s.by_class[static_cast<std::size_t>(cls >= 1 && cls <= 5 ? cls : 0)];
  }
  return s;
}

void write_fetch_columns(const io::h5::Location& g, const std::vector<io::FetchRow>& rows) {
  io::for_each_fetch_column([&](const char* name, auto member) {
    using M = std::decay_t<decltype(std::declval<io::FetchRow>().*member)>;
    if constexpr (std::is_same_v<M, std::string>)
      g.write(name,
              column<std::string_view>(rows, [member](const io::FetchRow& r) { return std::string_view(r.*member); }));
    else if constexpr (std::is_floating_point_v<M>)
      g.write(name, column<double>(rows, [member](const io::FetchRow& r) { return r.*member; }));
    else g.write(name, column<std::int64_t>(rows, [member](const io::FetchRow& r) { return r.*member; }));
  });
}

std::vector<io::FetchRow> read_fetch_columns(const io::h5::Location& g) {
  std::vector<io::FetchRow> rows;
  bool sized = false;
  io::for_each_fetch_column([&](const char* name, auto member) {
    using M = std::decay_t<decltype(std::declval<io::FetchRow>().*member)>;
    auto fill = [&](auto values) {
      if (!sized) rows.resize(values.size()), sized = true;
      if (values.size() != rows.size())
        throw core::Error(std::string("the fetch table's column ") + name + " has " + std::to_string(values.size()) +
                          " elements, not " + std::to_string(rows.size()));
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i].*member = static_cast<M>(std::move(values[i]));
    };
    if constexpr (std::is_same_v<M, std::string>) fill(g.read_strings(name));
    else if constexpr (std::is_floating_point_v<M>) fill(g.read<double>(name));
    else fill(g.read<std::int64_t>(name));
  });
  return rows;
}

void write_fetch_summary(const io::h5::Location& g, const FetchSummary& s) {
  g.set_attr("urls", s.urls);
  g.set_attr("failed", s.failed);
  g.set_attr("attempts", s.attempts);
  g.set_attr("bytes", s.bytes);
  g.set_attr("connects", s.connects);
  g.set_attr("no_response", s.by_class[0]);
  for (std::size_t c = 1; c < s.by_class.size(); ++c)
    g.set_attr("status_" + std::string(kClassNames[c]), s.by_class[c]);
  g.set_attr("fetch_seconds", s.seconds);
  g.set_attr("requests_per_second", s.requests_per_second());
  g.set_attr("mb_per_second", s.mb_per_second());
}

void write_fetch_group(const io::h5::Location& g, const std::vector<io::FetchRow>& rows, const FetchSummary& s,
                       const io::FetchOptions& o) {
  write_fetch_columns(g, rows);
  write_fetch_summary(g, s);
  const bool threads = o.engine == io::Engine::threads;
  g.set_attr("engine", std::string(threads ? "threads" : "multi"));
  g.set_attr("threads", std::int64_t{threads ? (o.threads > 0 ? o.threads : o.max_in_flight) : 0});
  g.set_attr("max_in_flight", std::int64_t{o.max_in_flight});
  g.set_attr("max_per_host", std::int64_t{o.max_per_host});
  g.set_attr("connect_timeout", o.connect_timeout);
  g.set_attr("timeout", o.timeout);
  g.set_attr("max_bytes", o.max_bytes);
  g.set_attr("max_redirects", std::int64_t{o.max_redirects});
  g.set_attr("retries", std::int64_t{o.retry.retries});
  g.set_attr("digest", std::string(o.digest ? "sha256" : "none"));
}

core::Table fetch_table(const std::vector<io::FetchRow>& rows) {
  core::Table t{{"#", "url", "status", "bytes", "seconds", "attempts", "error"}, {}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const io::FetchRow& r = rows[i];
    t.rows.push_back({std::to_string(i), r.url, std::to_string(r.status), std::to_string(r.bytes), fixed(r.seconds, 4),
                      std::to_string(r.attempts), r.error});
  }
  return t;
}

std::vector<std::string> summary_lines(const FetchSummary& s) {
  std::string classes;
  for (std::size_t c = 0; c < s.by_class.size(); ++c)
    if (s.by_class[c] > 0)
      classes += (classes.empty() ? "" : ", ") + std::string(kClassNames[c]) + ": " + std::to_string(s.by_class[c]);
  return {
      "urls: " + std::to_string(s.urls) + " (" + (classes.empty() ? "none" : classes) + ")",
      "failed: " + std::to_string(s.failed) + ", attempts: " + std::to_string(s.attempts) +
          ", new connections: " + std::to_string(s.connects),
      "bytes: " + std::to_string(s.bytes) + " in " + fixed(s.seconds, 3) + " s: " + fixed(s.requests_per_second(), 1) +
          " requests/s, " + fixed(s.mb_per_second(), 2) + " MB/s",
  };
}

void print_fetch_json(std::ostream& out, const nlohmann::json& head, const std::vector<io::FetchRow>& rows,
                      const FetchSummary& s) {
  out << "{";
  for (const auto& [key, value] : head.items()) out << dump(nlohmann::json(key)) << ": " << dump(value) << ",\n ";
  out << "\"rows\": [";
  std::string text;  // written in pieces of ~1 MiB: one stream call per row cost more
  for (std::size_t i = 0; i < rows.size(); ++i) {
    text += i ? ",\n  " : "\n  ";
    append_row(text, rows[i]);
    if (text.size() >= (1u << 20) || i + 1 == rows.size()) {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
  nlohmann::json by_class;
  by_class["no_response"] = s.by_class[0];
  for (std::size_t c = 1; c < s.by_class.size(); ++c) by_class[kClassNames[c]] = s.by_class[c];
  const nlohmann::json summary = {{"urls", s.urls},
                                  {"failed", s.failed},
                                  {"attempts", s.attempts},
                                  {"bytes", s.bytes},
                                  {"connects", s.connects},
                                  {"by_status_class", by_class},
                                  {"seconds", s.seconds},
                                  {"requests_per_second", s.requests_per_second()},
                                  {"mb_per_second", s.mb_per_second()}};
  out << (rows.empty() ? "],\n " : "\n ],\n ") << "\"summary\": " << dump(summary) << "}\n";
}

}  // namespace pc::jobs
