#include "farm/ledger.hpp"

#include <csignal>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "farm/journal_records.hpp"
#include "jobs/cli/parse.hpp"

namespace pc::farm {

HaltRule parse_halt_rule(const std::string& text) {
  const std::string bad = "--halt-on: '" + text + "' is not fail=N or fail=P% (e.g. fail=10, fail=5%)";
  if (text.rfind("fail=", 0) != 0 || text.size() == 5) throw core::UsageError(bad);
  std::string value = text.substr(5);
  HaltRule rule;
  const bool percent = value.back() == '%';
  if (percent) value.pop_back();
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !std::isfinite(v) || v <= 0) throw core::UsageError(bad);
  if (percent) {
    if (v > 100) throw core::UsageError(bad);
    rule.percent = v;
  } else {
    if (v != std::floor(v)) throw core::UsageError(bad);
    rule.failures = static_cast<std::int64_t>(v);
  }
  return rule;
}

Ledger::Ledger(const TaskList& list, const std::vector<bool>& done, io::Journal& journal, const io::RetryPolicy& retry,
               HaltRule halt)
    : list_(list), journal_(journal), retry_(retry), halt_(halt), terminal_(::isatty(STDERR_FILENO) == 1) {
  counts_.total = static_cast<std::int64_t>(list.tasks.size());
  for (std::size_t i = 0; i < list.tasks.size(); ++i) {
    if (i < done.size() && done[i]) ++counts_.resumed;
    else pending_.push_back({static_cast<std::uint32_t>(i), 1});
  }
}

void Ledger::set_deadline(std::chrono::system_clock::time_point end, double task_time) {
  deadline_ = end;
  task_time_ = task_time;
}

bool Ledger::next(Assignment& out, int avoid) {
  if (deadline_ && !out_of_time_ && left() > 0) {
    const double expected = task_time_ > 0 ? task_time_
                            : timed_ > 0   ? seconds_finished_ / static_cast<double>(timed_)
                                           : 0;
    const auto would_end =
        std::chrono::system_clock::now() +
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(expected));
    if (would_end > *deadline_) out_of_time_ = true;
  }
  if (!handing_out()) return false;
  if (alone_running_ && counts_.running == 0) {
    // The suspect ended: its result (or its return for a retry) is on disk before anything
    // runs beside it, or a death now would be taken for its doing.
    alone_running_ = false;
    journal_flight();
    journal_.sync();
  }
  if (isolating()) {
    if (counts_.running > 0) return false;  // the suspect alone, or what ran before isolate()
    out = alone_.front();
    alone_.pop_front();
    alone_running_ = true;
    journal_flight();
    // On disk before it starts: it may kill the farm at once.
    journal_.append(alone_record(list_.tasks[out.index].id));
    journal_.sync();
    ++counts_.running;
    return true;
  }
  if (!pending_.empty()) {
    out = pending_.front();
    pending_.pop_front();
    ++counts_.running;
    return true;
  }
  // The retries, once the list's tasks are all out, by when their backoff ends: a retry
  // avoids the rank it failed on for a while after its backoff, not for ever (the other
  // ranks may be busy with long tasks while that one idles). The look past the avoided is
  // bounded, so that many failures on one rank cost that rank's requests no more than this.
  constexpr std::size_t kLook = 64;
  constexpr std::chrono::seconds kAvoidFor{30};
  if (retries_.empty()) return false;
  const auto now = std::chrono::steady_clock::now();
  std::size_t looked = 0;
  for (auto it = retries_.begin(); it != retries_.end() && it->ready <= now; ++it) {
    if (avoid >= 0 && it->failed_on == avoid && now < it->ready + kAvoidFor) {
      if (++looked == kLook) return false;
      continue;
    }
    out = *it;
    retries_.erase(it);
    ++counts_.running;
    return true;
  }
  return false;
}

void Ledger::isolate(const std::vector<std::uint32_t>& places) {
  std::vector<bool> apart(list_.tasks.size(), false);
  for (const std::uint32_t p : places) apart.at(p) = true;
  std::deque<Assignment> rest;
  for (const Assignment& a : pending_) (apart[a.index] ? alone_ : rest).push_back(a);
  pending_.swap(rest);
}

void Ledger::sent(const std::vector<Assignment>& tasks) {
  if (tasks.empty()) return;
  if (!given_back_.empty()) journal_flight();  // in the order they happened
  for (const Assignment& a : tasks) handed_out_.push_back(list_.tasks[a.index].id);
  journal_flight();
  journal_.write_out();
}

void Ledger::give_back(const Assignment& a) {
  if (!handed_out_.empty()) journal_flight();
  given_back_.push_back(list_.tasks[a.index].id);
}

void Ledger::journal_flight() {
  // At most one of the two holds ids: each is journaled before the other takes one.
  if (!handed_out_.empty()) journal_.append(flight_record(Flight::handed_out, handed_out_));
  if (!given_back_.empty()) journal_.append(flight_record(Flight::given_back, given_back_));
  handed_out_.clear();
  given_back_.clear();
}

void Ledger::sync_if_due() {
  journal_flight();
  journal_.sync_if_due();
}

void Ledger::end_cleanly() {
  journal_flight();
  journal_.append(clean_end_record());
  journal_.sync();
}

void Ledger::put_back(const Assignment& a) {
  --counts_.running;
  pending_.push_front(a);
  give_back(a);
}

void Ledger::finish(const Finished& f) {
  --counts_.running;
  // A task killed by a signal once the farm is stopping was stopped with it: the signal that
  // stops the farm often reaches the task's processes too (Slurm signals every process of a
  // step), and may end one before the farm forwards the stop. It runs again on resume.
  // A crash (SEGV, ABRT, ...) in a stop is still a crash.
  const int sig = f.result.signal;
  const bool stop_signal = sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT || sig == SIGKILL;
  const bool killed_in_a_stop = stopping_ && f.result.failed() && f.result.failure == Failure::signal && stop_signal;
  if (f.interrupted || killed_in_a_stop) {
    pending_.push_front(f.assignment);
    give_back(f.assignment);
    return;
  }
  seconds_finished_ += f.result.seconds;
  ++timed_;
  if (f.result.failed() && f.assignment.attempt <= retry_.retries && !stopping_) {
    // At the back of the queue, after its backoff: a passing problem (a busy file server, a
    // node short of memory) has time to pass, and the work queued before it goes first.
    const double wait = retry_.delay(f.assignment.attempt, -1, std::uniform_real_distribution<double>(0, 1)(jitter_));
    const auto ready =
        std::chrono::steady_clock::now() +
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(wait));
    const Assignment retry{f.assignment.index, f.assignment.attempt + 1, f.result.rank, ready};
    retries_.insert(std::upper_bound(retries_.begin(), retries_.end(), ready,
                                     [](auto when, const Assignment& r) { return when < r.ready; }),
                    retry);
    give_back(f.assignment);
    return;
  }
  journal_flight();
  task_record(f.result, record_);
  journal_.append(record_);
  journal_.sync_if_due();
  ++counts_.done;
  if (f.result.failed()) {
    ++counts_.failed;
    if (halt_.failures > 0 && counts_.failed >= halt_.failures) halted_ = true;
    if (halt_.percent > 0 && counts_.done >= 10 &&
        100.0 * static_cast<double>(counts_.failed) / static_cast<double>(counts_.done) >= halt_.percent)
      halted_ = true;
  }
}

void Ledger::report_progress(bool force) {
  const auto now = std::chrono::steady_clock::now();
  const auto every = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(5000);
  if (!force && now - last_report_ < every) return;
  last_report_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(counts_.done) / elapsed : 0;
  const std::int64_t left = this->left() + counts_.running;
  char eta[32] = "?";
  if (rate > 0) std::snprintf(eta, sizeof eta, "%.0f s", static_cast<double>(left) / rate);
  std::fprintf(stderr, "%sfarm: %lld/%lld done, %lld failed, %lld running, %.1f tasks/s, ETA %s%s",
               terminal_ ? "\r\033[K" : "", static_cast<long long>(counts_.done + counts_.resumed),
               static_cast<long long>(counts_.total), static_cast<long long>(counts_.failed),
               static_cast<long long>(counts_.running), rate, eta, terminal_ && !force ? "" : "\n");
}

}  // namespace pc::farm
