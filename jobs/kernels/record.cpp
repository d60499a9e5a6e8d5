// The three writers of a kernel's record: table, JSON, HDF5 group.
#include "jobs/kernels/record.hpp"

#include <cstdio>

#include "core/error.hpp"

namespace pc::jobs {

namespace {

double as_double(const io::h5::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return static_cast<double>(*u);
  throw core::Error("internal: a record value shown as a number is text");
}

}  // namespace

std::string shown_text(const io::h5::Value& v, Shown how) {
  char text[40];
  switch (how) {
    case Shown::plain: return io::h5::to_text(v);
    case Shown::seconds: return core::format_seconds(as_double(v));
    case Shown::scientific: std::snprintf(text, sizeof text, "%.12e", as_double(v)); return text;
    case Shown::rate:
      if (as_double(v) == 0) return "-";
      std::snprintf(text, sizeof text, "%.1f", as_double(v));
      return text;
    case Shown::check: return as_double(v) != 0 ? "ok" : "WRONG";
  }
  return io::h5::to_text(v);
}

namespace {

nlohmann::json json_value(const io::h5::Value& v, Shown how) {
  if (how == Shown::check) return as_double(v) != 0;
  return std::visit([](const auto& x) { return nlohmann::json(x); }, v);
}

std::size_t length(const ColumnData& data) {
  return std::visit([](const auto& c) { return c.size(); }, data);
}

// Element i of a column, as an attribute-like value.
io::h5::Value cell(const ColumnData& data, std::size_t i) {
  struct Visitor {
    std::size_t i;
    io::h5::Value operator()(const std::vector<std::int32_t>& c) const { return std::int64_t{c[i]}; }
    io::h5::Value operator()(const std::vector<std::uint64_t>& c) const { return c[i]; }
    io::h5::Value operator()(const std::vector<double>& c) const { return c[i]; }
    io::h5::Value operator()(const std::vector<std::uint8_t>& c) const { return std::int64_t{c[i]}; }
    io::h5::Value operator()(const std::vector<std::string>& c) const { return c[i]; }
  };
  return std::visit(Visitor{i}, data);
}

std::size_t rows_of(const KernelRecord& record) {
  return record.columns.empty() ? 0 : length(record.columns.front().data);
}

}  // namespace

core::Table table_of(const KernelRecord& record) {
  core::Table t;
  if (record.rows.empty()) {
    std::vector<std::string> line;
    for (const RecordValue& v : record.values) {
      if (v.heading.empty()) continue;
      t.header.push_back(v.heading);
      line.push_back(shown_text(v.value, v.shown));
    }
    t.rows.push_back(std::move(line));
    return t;
  }
  t.header.push_back(record.row);
  for (const RecordColumn& c : record.columns)
    if (!c.heading.empty()) t.header.push_back(c.heading);
  for (std::size_t i = 0; i < rows_of(record); ++i) {
    std::vector<std::string> line{std::to_string(i)};
    for (const RecordColumn& c : record.columns)
      if (!c.heading.empty()) line.push_back(shown_text(cell(c.data, i), c.shown));
    t.rows.push_back(std::move(line));
  }
  return t;
}

nlohmann::json json_of(const RecordValue& value) { return json_value(value.value, value.shown); }

nlohmann::json json_of(const KernelRecord& record) {
  nlohmann::json j = nlohmann::json::object();
  for (const RecordValue& v : record.values) {
    nlohmann::json& into = v.parameter ? j["parameters"] : j;
    into[v.name] = json_value(v.value, v.shown);
  }
  if (record.rows.empty()) {
    for (const RecordColumn& c : record.columns)
      j[c.name] = std::visit([](const auto& data) { return nlohmann::json(data); }, c.data);
    return j;
  }
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < rows_of(record); ++i) {
    nlohmann::json row = {{record.row, i}};
    for (const RecordColumn& c : record.columns) row[c.name] = json_value(cell(c.data, i), c.shown);
    rows.push_back(std::move(row));
  }
  j[record.rows] = std::move(rows);
  return j;
}

void write_record(const io::h5::Group& group, const KernelRecord& record) {
  if (!record.rows.empty()) group.set_attr(record.rows, static_cast<std::int64_t>(rows_of(record)));
  for (const RecordValue& v : record.values) group.set_attr(v.name, v.value);
  for (const RecordColumn& c : record.columns) std::visit([&](const auto& data) { group.write(c.name, data); }, c.data);
}

}  // namespace pc::jobs
