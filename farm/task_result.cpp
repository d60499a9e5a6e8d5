#include "farm/task_result.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/bytes.hpp"

namespace pc::farm {

std::string task_id_text(std::uint64_t id) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(id));
  return text;
}

const char* failure_name(Failure f) {
  switch (f) {
    case Failure::none: return "";
    case Failure::exit_code: return "exit";
    case Failure::signal: return "signal";
    case Failure::timeout: return "timeout";
    case Failure::invalid: return "invalid";
    case Failure::fetch: return "fetch";
    case Failure::lost: return "lost";
    case Failure::start: return "start";
  }
  return "unknown";
}

Failure failure_from_name(std::string_view name) {
  for (int f = static_cast<int>(Failure::exit_code); f <= static_cast<int>(Failure::start); ++f)
    if (name == failure_name(static_cast<Failure>(f))) return static_cast<Failure>(f);
  // A class this build does not know (a newer writer's): failure_name() says "unknown".
  return name.empty() ? Failure::none : static_cast<Failure>(UINT8_MAX);
}

namespace {

// The one list of a record's fields, in order, for both directions.
// The first ones, which say which task and how it ended, are read alone by failure_of().
template <class Io, class R> void first_fields(Io& io, R& r) {
  io(r.id), io(r.line), io(r.occurrence), io(r.kind), io(r.status), io(r.failure);
}
template <class Io, class R> void fields(Io& io, R& r) {
  first_fields(io, r);
  io(r.exit_code), io(r.signal), io(r.rank), io(r.slot), io(r.attempts), io(r.start), io(r.seconds), io(r.peak_rss_kib),
      io(r.task), io(r.host), io(r.error), io(r.result), io(r.out_head), io(r.out_tail), io(r.err_head), io(r.err_tail);
}

}  // namespace

void encode(const TaskResult& r, std::string& out) {
  core::ByteWriter w(out);
  auto put = [&w](const auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) w.put(std::string_view(v));
    else w.put(v);
  };
  fields(put, r);
}

TaskResult decode(std::string_view record) {
  core::ByteReader in(record);
  TaskResult r;
  auto get = [&in](auto& v) { in.get(v); };
  fields(get, r);
  if (!in.at_end()) throw core::Error("a task record has bytes after its fields");
  return r;
}

Failure failure_of(std::string_view record) {
  core::ByteReader in(record);
  TaskResult r;
  auto get = [&in](auto& v) { in.get(v); };
  first_fields(get, r);
  return r.failure;
}

std::string failure_counts(const std::vector<TaskResult>& rows) {
  std::vector<std::pair<std::string, int>> counts;
  for (const TaskResult& r : rows) {
    if (!r.failed()) continue;
    const std::string name = failure_name(r.failure);
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end()) counts.emplace_back(name, 1);
    else ++it->second;
  }
  std::string out;
  for (const auto& [name, n] : counts)
    out.append(out.empty() ? "" : ", ").append(name).append(" ").append(std::to_string(n));
  return out;
}

}  // namespace pc::farm
