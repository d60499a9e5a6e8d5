#include "inspect/farm_report.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/printable.hpp"
#include "core/table.hpp"
#include "farm/farm.hpp"
#include "farm/journal_records.hpp"
#include "io/journal.hpp"

namespace pc::inspect {

namespace {

using core::printable;
using farm::TaskResult;

constexpr std::size_t kSlowest = 5, kFailedShown = 10;
// A farm syncs its journal every few milliseconds while tasks finish; a journal left alone
// longer than this most likely has no farm behind it (or only long tasks).
constexpr double kRunningWithin = 10;

std::string number(double v, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Seconds for people: seconds under a minute, then minutes and seconds, then hours and minutes.
std::string duration(double s) {
  if (s < 60) return number(s, "%.3g s");
  const long whole = static_cast<long>(s);
  char buf[64];
  if (s < 3600) std::snprintf(buf, sizeof buf, "%ld min %02ld s", whole / 60, whole % 60);
  else std::snprintf(buf, sizeof buf, "%ld h %02ld min", whole / 3600, whole / 60 % 60);
  return buf;
}

std::string counts_line(const std::vector<TaskResult>& rows) {
  const auto failed = std::count_if(rows.begin(), rows.end(), [](const TaskResult& r) { return r.failed(); });
  std::string out = std::to_string(static_cast<long long>(rows.size()) - failed);
  out.append(" ok, ").append(std::to_string(failed)).append(" failed");
  if (failed > 0) out.append(" (").append(farm::failure_counts(rows)).append(")");
  return out;
}

std::string times_line(const std::vector<TaskResult>& rows) {
  if (rows.empty()) return "";
  const double total =
      std::accumulate(rows.begin(), rows.end(), 0.0, [](double s, const TaskResult& r) { return s + r.seconds; });
  double first = rows.front().start, last = rows.front().start + rows.front().seconds;
  for (const TaskResult& r : rows) {
    first = std::min(first, r.start);
    last = std::max(last, r.start + r.seconds);
  }
  std::string out = "task time ";
  out.append(duration(total)).append(" in all; wall span ").append(duration(last - first));
  return out.append(" (first start to last end)\n");
}

// The slowest and the failed tasks, as tables.
std::string task_tables(const std::vector<TaskResult>& rows) {
  std::string out;
  std::vector<const TaskResult*> by_time;
  for (const TaskResult& r : rows) by_time.push_back(&r);
  const std::size_t slowest = std::min(kSlowest, by_time.size());
  std::partial_sort(by_time.begin(), by_time.begin() + static_cast<std::ptrdiff_t>(slowest), by_time.end(),
                    [](const TaskResult* a, const TaskResult* b) { return a->seconds > b->seconds; });
  if (slowest > 0) {
    core::Table t{{"line", "seconds", "task"}, {}};
    for (std::size_t i = 0; i < slowest; ++i) {
      const TaskResult& r = *by_time[i];
      t.rows.push_back({std::to_string(r.line), number(r.seconds, "%.3f"), printable(r.task)});
    }
    out.append("\nslowest task(s):\n").append(t.render());
  }
  core::Table failed{{"line", "class", "error", "task"}, {}};
  std::size_t n = 0;
  for (const TaskResult& r : rows) {
    if (!r.failed()) continue;
    if (++n <= kFailedShown)
      failed.rows.push_back(
          {std::to_string(r.line), farm::failure_name(r.failure), printable(r.error), printable(r.task)});
  }
  if (n > 0) {
    out.append("\nfailed task(s):\n").append(failed.render());
    if (n > kFailedShown)
      out.append("(")
          .append(std::to_string(kFailedShown))
          .append(" of ")
          .append(std::to_string(n))
          .append(" failed tasks shown)\n");
  }
  return out;
}

std::string resume_command(const std::optional<farm::JournalHeader>& h, const std::string& results_path) {
  const bool named = h && !h->task_file.empty();
  std::string out = "resume with: ";
  // A part's journal resumed without its --part would run the whole list into the part's file.
  const farm::Part part = h && h->part ? *h->part : farm::Part{};
  out.append(
      farm::farm_command(named ? h->task_file : "TASKFILE", h ? h->template_line : "", "--resume", results_path, part));
  out.append("\n");
  if (!named) out.append("  (this journal's header does not name the task file)\n");
  else if (h->task_file == "-") out.append("  (the tasks came on stdin: give them again the same way)\n");
  if (h && !h->part) out.append("  (this journal's header does not say its --part: if the farm ran one, add it)\n");
  return out;
}

}  // namespace

std::string farm_summary(const std::vector<TaskResult>& rows) {
  std::string out = "\nfarm: ";
  out.append(std::to_string(rows.size())).append(" task(s): ").append(counts_line(rows)).append("\n");
  out.append(times_line(rows)).append(task_tables(rows));
  return out;
}

std::string journal_report(const std::string& results_path, const std::string& journal_path) {
  std::string shown = "'";
  shown.append(printable(journal_path)).append("'");
  struct stat st {};
  if (::stat(journal_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw core::UsageError(std::string("inspect: ").append(shown).append(" is not a file"));
  farm::Journaled j;
  try {
    j = farm::read_journaled(journal_path);
  } catch (const core::UsageError& e) {
    std::string what = "inspect: ";
    what.append(shown).append(": ").append(printable(e.what()));
    throw core::UsageError(what);
  }
  using clock = std::chrono::system_clock;
  const double now = std::chrono::duration<double>(clock::now().time_since_epoch()).count();
  const double written = static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) * 1e-9;
  const double idle = std::max(0.0, now - written);
  // Given the journal itself, its farm may have finished and kept it (--keep-journal); but a
  // retry in place leaves the file it retries under the results name until it ends.
  const bool in_place = j.retry && j.retry->path == std::filesystem::absolute(results_path).lexically_normal().string();
  const bool finished = !in_place && ::access(results_path.c_str(), F_OK) == 0;
  std::string out = "journal ";
  out.append(printable(journal_path)).append(" (").append(std::to_string(st.st_size)).append(" bytes), of ");
  out.append(printable(results_path));
  out.append(in_place   ? ", a retry of that file, which it replaces when it ends\n"
             : finished ? ", which exists: the farm finished\n"
                        : ", not made yet\n");
  const bool running = !finished && idle <= kRunningWithin;
  if (running)
    out.append("a farm seems to be running: the journal was written ")
        .append(duration(idle))
        .append(" ago (inspect only reads it)\n");
  else if (!finished)
    out.append("no farm seems to be running: the journal was last written ")
        .append(duration(idle))
        .append(" ago (stopped or killed)\n");

  const std::uint64_t done = j.rows.size();
  std::optional<std::uint64_t> left;
  if (j.header) {
    const farm::JournalHeader& h = *j.header;
    out.append("task file: ").append(h.task_file.empty() ? "(not named in this journal)" : printable(h.task_file));
    out.append(", sha256 ").append(printable(h.task_sha256)).append(", ");
    out.append(std::to_string(h.tasks)).append(" task(s)");
    if (h.part && h.part->count > 1) out.append(" (").append(farm::part_name(*h.part)).append(")");
    out.append("\n");
    if (!h.template_line.empty()) out.append("template: ").append(printable(h.template_line)).append("\n");
    left = h.tasks - std::min(h.tasks, done);
  } else {
    out.append("the journal has no header record yet (a farm just starting, or a damaged journal)\n");
  }
  out.append(std::to_string(done)).append(" done (").append(counts_line(j.rows)).append(")");
  if (left) out.append(", ").append(std::to_string(*left)).append(" left");
  if (running && left && *left > 0)
    out.append(j.in_flight > 0 ? " (" + std::to_string(j.in_flight) + " handed out now: running or queued on a slot)"
                               : " (some of them running now)");
  out.append("\n");
  if (!running && !finished && j.in_flight > 0)
    out.append(std::to_string(j.in_flight))
        .append(" task(s) were handed out (running or queued on a slot) when it stopped: a resume runs them")
        .append(" again\n");
  // The search for a task that kills its farm (docs/farm.md): a journal does not say which run
  // is alive, so a suspect alone is running now or was when the farm died.
  if (!finished) {
    const auto suspects =
        std::count_if(j.died_in.begin(), j.died_in.end(), [](const auto& d) { return d.second >= 2; });
    if (!j.died_alone.empty())
      out.append(running ? "a task runs alone now (it was out at two or more deaths of this farm); if the farm "
                           "dies with it, the resume records it as failed (class lost)\n"
                         : "the farm died while a task ran alone: a resume records it as failed (class lost)\n");
    else if (suspects > 0)
      out.append(std::to_string(suspects))
          .append(" task(s) were out at two or more deaths of this farm: a resume runs them alone first\n");
  }

  if (!j.rows.empty()) {
    double first = j.rows.front().start, last = first;
    for (const TaskResult& r : j.rows) {
      first = std::min(first, r.start);
      last = std::max(last, r.start + r.seconds);
    }
    // A stopped farm's rate is over the time it ran, not the time since.
    const double span = (running ? now : last) - first;
    if (span > 0) {
      const double rate = static_cast<double>(done) / span;
      out.append("rate: ").append(number(rate, "%.3g")).append(" task(s)/s over ").append(duration(span));
      out.append(running ? " since the first task started" : " from the first start to the last end");
      if (left && *left > 0)
        out.append(running ? "; ETA " : "; a resume needs about ").append(duration(static_cast<double>(*left) / rate));
      out.append("\n");
    }
    out.append(times_line(j.rows));
  }
  if (j.extent.cut_bytes > 0) {
    out.append("the last ").append(std::to_string(j.extent.cut_bytes)).append(" bytes are a torn record (");
    out.append(running ? "most likely a write in progress" : "what the stop left; a resume cuts it");
    out.append(")\n");
  }
  out.append(task_tables(j.rows));
  if (!finished) out.append("\n").append(running ? "if it stops, " : "").append(resume_command(j.header, results_path));
  return out;
}

}  // namespace pc::inspect
