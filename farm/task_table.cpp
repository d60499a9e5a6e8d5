#include "farm/task_table.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace pc::farm {

namespace {

using R = TaskResult;
using text = std::string_view;

// A column that holds a member as it is (numbers widened to the stored type, strings).
template <class Stored, class Member> struct Plain {
  const char* name;
  Member R::*member;
};

// A column that holds a member by its name ("exec", "failed", "timeout").
template <class Member> struct Named {
  const char* name;
  Member R::*member;
  const char* (*to_name)(Member);
  Member (*from_name)(std::string_view);
};

const char* status_name(Status s) { return s == Status::failed ? "failed" : "ok"; }

Status status_from_name(std::string_view name) {
  if (name == "ok") return Status::ok;
  if (name == "failed") return Status::failed;
  throw core::Error("the farm table's status '" + std::string(name) + "' is neither ok nor failed");
}

TaskKind kind_from_name(std::string_view name) {
  for (TaskKind k : {TaskKind::run, TaskKind::fetch, TaskKind::exec})
    if (name == kind_name(k)) return k;
  throw core::Error("the farm table's kind '" + std::string(name) + "' is not run, fetch or exec");
}

// The table's columns, listed once for writing and reading.
const auto kColumns = std::make_tuple(
    Plain<std::uint64_t, std::uint64_t>{"id", &R::id}, Plain<std::int64_t, std::uint32_t>{"line", &R::line},
    Plain<std::int64_t, std::uint32_t>{"occurrence", &R::occurrence}, Plain<text, std::string>{"task", &R::task},
    Named<TaskKind>{"kind", &R::kind, kind_name, kind_from_name},
    Named<Status>{"status", &R::status, status_name, status_from_name},
    Named<Failure>{"class", &R::failure, failure_name, failure_from_name},
    Plain<std::int32_t, std::int32_t>{"exit_code", &R::exit_code},
    Plain<std::int32_t, std::int32_t>{"signal", &R::signal}, Plain<text, std::string>{"error", &R::error},
    Plain<std::int32_t, std::int32_t>{"attempts", &R::attempts}, Plain<std::int32_t, std::int32_t>{"rank", &R::rank},
    Plain<text, std::string>{"host", &R::host}, Plain<std::int32_t, std::int32_t>{"slot", &R::slot},
    Plain<double, double>{"start", &R::start}, Plain<double, double>{"seconds", &R::seconds},
    Plain<std::int64_t, std::int64_t>{"peak_rss_kib", &R::peak_rss_kib}, Plain<text, std::string>{"result", &R::result},
    Plain<text, std::string>{"stdout_head", &R::out_head}, Plain<text, std::string>{"stdout_tail", &R::out_tail},
    Plain<text, std::string>{"stderr_head", &R::err_head}, Plain<text, std::string>{"stderr_tail", &R::err_tail});

// Each column's value as the file stores it.
template <class Stored, class Member> Stored stored(const R& r, const Plain<Stored, Member>& c) {
  return static_cast<Stored>(r.*c.member);
}
template <class Member> text stored(const R& r, const Named<Member>& c) { return c.to_name(r.*c.member); }
template <class C> using StoredOf = decltype(stored(std::declval<const R&>(), std::declval<const C&>()));

constexpr std::size_t kColumnCount = std::tuple_size_v<std::remove_const_t<decltype(kColumns)>>;

// Calls `f(column, index)` for each column in order.
template <class F> void each_column(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) { (f(std::get<I>(kColumns), I), ...); }
  (std::make_index_sequence<kColumnCount>());
}

// What is read so far; the first column read sets the number of rows.
struct Read {
  std::vector<R> rows;
  bool sized = false;
};

// Every column must have one element per row.
template <class V> void fit(Read& read, const V& values, const char* name) {
  if (!read.sized) read.rows.resize(values.size()), read.sized = true;
  if (values.size() != read.rows.size())
    throw core::Error(std::string("the farm table's column ") + name + " has " + std::to_string(values.size()) +
                      " elements, not " + std::to_string(read.rows.size()));
}

template <class Stored, class Member>
void read_column(const io::h5::Location& g, Read& read, const Plain<Stored, Member>& c) {
  std::vector<R>& rows = read.rows;
  if constexpr (std::is_same_v<Stored, text>) {
    std::vector<std::string> values = g.read_strings(c.name);
    fit(read, values, c.name);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].*c.member = std::move(values[i]);
  } else {
    const std::vector<Stored> values = g.read<Stored>(c.name);
    fit(read, values, c.name);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].*c.member = static_cast<Member>(values[i]);
  }
}

template <class Member> void read_column(const io::h5::Location& g, Read& read, const Named<Member>& c) {
  std::vector<R>& rows = read.rows;
  const std::vector<std::string> values = g.read_strings(c.name);
  fit(read, values, c.name);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].*c.member = c.from_name(values[i]);
}

}  // namespace

bool is_farm_file(const io::h5::File& file) {
  if (!file.has_attr("command") || !file.has("farm")) return false;
  const io::h5::Value command = file.attr("command");
  const auto* text = std::get_if<std::string>(&command);
  return text && *text == "farm" && file.object_info("farm").type == H5O_TYPE_GROUP;
}

void TaskTableLayout::add(const TaskResult& row) {
  static_assert(kColumns == kColumnCount);
  each_column([&](const auto& c, std::size_t k) {
    if constexpr (std::is_same_v<StoredOf<decltype(c)>, text>) text_[k].add(stored(row, c));
  });
}

TaskTableWriter::TaskTableWriter(const io::h5::Group& g, std::size_t rows, const TaskTableLayout& layout) {
  columns_.reserve(kColumnCount);
  each_column([&](const auto& c, std::size_t k) {
    using S = StoredOf<decltype(c)>;
    if constexpr (std::is_same_v<S, text>)
      columns_.push_back(io::h5::Column::strings(g, c.name, rows, layout.text_[k]));
    else columns_.push_back(io::h5::Column::of<S>(g, c.name, rows));
  });
}

void TaskTableWriter::append(std::span<const TaskResult> rows) {
  each_column([&](const auto& c, std::size_t k) {
    std::vector<StoredOf<decltype(c)>> values;
    values.reserve(rows.size());
    for (const R& r : rows) values.push_back(stored(r, c));
    columns_[k].append(values);
  });
}

void TaskTableWriter::close() {
  for (io::h5::Column& c : columns_) c.close();
}

void write_task_table(const io::h5::Group& g, const std::vector<TaskResult>& rows) {
  TaskTableLayout layout;
  for (const TaskResult& r : rows) layout.add(r);
  TaskTableWriter table(g, rows.size(), layout);
  table.append(rows);
  table.close();
}

std::vector<TaskResult> read_task_table(const io::h5::Location& g) {
  Read read;
  std::apply([&](const auto&... c) { (read_column(g, read, c), ...); }, kColumns);
  return std::move(read.rows);
}

}  // namespace pc::farm
