#include "farm/task_table.hpp"

#include <string_view>

namespace pc::farm {

namespace {

template <class T, class F>
std::vector<T> column(const std::vector<TaskResult>& rows, F field) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const TaskResult& r : rows) out.push_back(static_cast<T>(field(r)));
  return out;
}

using R = TaskResult;
using text = std::string_view;

}  // namespace

void write_task_table(const io::h5::Group& g, const std::vector<TaskResult>& rows) {
  g.write("id", column<std::uint64_t>(rows, [](const R& r) { return r.id; }));
  g.write("line", column<std::int64_t>(rows, [](const R& r) { return r.line; }));
  g.write("occurrence", column<std::int64_t>(rows, [](const R& r) { return r.occurrence; }));
  g.write("task", column<text>(rows, [](const R& r) { return text(r.task); }));
  g.write("kind", column<text>(rows, [](const R& r) { return text(kind_name(r.kind)); }));
  g.write("status", column<text>(rows, [](const R& r) { return text(r.failed() ? "failed" : "ok"); }));
  g.write("class", column<text>(rows, [](const R& r) { return text(failure_name(r.failure)); }));
  g.write("exit_code", column<std::int32_t>(rows, [](const R& r) { return r.exit_code; }));
  g.write("signal", column<std::int32_t>(rows, [](const R& r) { return r.signal; }));
  g.write("error", column<text>(rows, [](const R& r) { return text(r.error); }));
  g.write("attempts", column<std::int32_t>(rows, [](const R& r) { return r.attempts; }));
  g.write("rank", column<std::int32_t>(rows, [](const R& r) { return r.rank; }));
  g.write("host", column<text>(rows, [](const R& r) { return text(r.host); }));
  g.write("slot", column<std::int32_t>(rows, [](const R& r) { return r.slot; }));
  g.write("start", column<double>(rows, [](const R& r) { return r.start; }));
  g.write("seconds", column<double>(rows, [](const R& r) { return r.seconds; }));
  g.write("peak_rss_kib", column<std::int64_t>(rows, [](const R& r) { return r.peak_rss_kib; }));
  g.write("result", column<text>(rows, [](const R& r) { return text(r.result); }));
  g.write("stdout_head", column<text>(rows, [](const R& r) { return text(r.out_head); }));
  g.write("stdout_tail", column<text>(rows, [](const R& r) { return text(r.out_tail); }));
  g.write("stderr_head", column<text>(rows, [](const R& r) { return text(r.err_head); }));
  g.write("stderr_tail", column<text>(rows, [](const R& r) { return text(r.err_tail); }));
}

}  // namespace pc::farm
