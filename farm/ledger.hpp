// Rank 0's account of a farm: what is left to hand out, what runs, what is done; every
// finished task journaled before it counts as done; retries and the halt rule.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "farm/slots.hpp"
#include "farm/task_list.hpp"
#include "fetch/retry_policy.hpp"
#include "io/journal.hpp"

namespace pc::farm {

// --halt-on fail=N or fail=P%: stop handing out work after that many failed tasks.
struct HaltRule {
  std::int64_t failures = 0;  // 0: never
  double percent = 0;         // 0: not by share
};
HaltRule parse_halt_rule(const std::string& text);  // throws core::UsageError

struct Counts {
  std::int64_t total = 0, done = 0, failed = 0, running = 0, resumed = 0;
};

class Ledger {
 public:
  // `done` marks, by place in the list, the tasks the journal already holds (a resume): they
  // are not handed out again. Empty: none.
  // `retry`: how many times a failed task is queued again, and the backoff before each.
  Ledger(const TaskList& list, const std::vector<bool>& done, io::Journal& journal, const io::RetryPolicy& retry,
         HaltRule halt);
  // The next task to hand out; false when none is waiting (or a stop or halt began). Tasks
  // isolate() set apart come first, one at a time, each when nothing else runs; then the
  // list's tasks; then the retries whose backoff has ended, the soonest ended first. With
  // `avoid` a rank, a retry whose last attempt failed there is passed by for 30 s after its
  // backoff.
  bool next(Assignment& out, int avoid = -1);
  // The tasks at `places` (not done, not handed out yet) are suspects of killing the farm:
  // each runs alone, nothing else anywhere beside it, before the rest of the list, and is
  // journaled as alone first, so that a death while it runs is known to be its doing.
  void isolate(const std::vector<std::uint32_t>& places);
  // Suspects are still to run alone, or one runs: a static schedule's blocks wait for them.
  bool isolating() const { return !alone_.empty() || (alone_running_ && counts_.running > 0); }
  // Tasks next() gave go to a slot now (to be queued there, or run): journaled as in flight,
  // and written out to the file (not synced) before this returns, so that a resume knows
  // what was handed out when a run died, even at once. Call it before they are handed over.
  // A static schedule's blocks are taken at the start but sent later, hence apart from next().
  void sent(const std::vector<Assignment>& tasks);
  // Journals a finished task, or queues it again for a retry, or (interrupted) puts it back.
  void finish(const Finished& f);
  void put_back(const Assignment& a);  // handed out but never started
  // Syncs the journal when its group commit is due.
  void sync_if_due();
  // The run ends in its own time (finished, stopped, halted, out of time): says so in the
  // journal, so that a resume does not take what was in flight for tasks a death cut short.
  void end_cleanly();
  bool journal_waiting() const { return journal_.pending_bytes() > 0; }
  void stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }
  bool halted() const { return halted_; }
  // A job's time limit: from now on no task starts that is expected to end after `end`: one
  // takes `task_time` seconds (0: the mean of the tasks finished so far; none finished, any
  // may start). When one cannot, the hand-out ends as for a stop, but the running tasks end
  // in their own time.
  void set_deadline(std::chrono::system_clock::time_point end, double task_time);
  bool out_of_time() const { return out_of_time_; }
  // Tasks may still be handed out: no stop, no halt, time left.
  bool handing_out() const { return !stopping_ && !halted_ && !out_of_time_; }
  // Nothing waits and nothing runs.
  bool finished() const { return counts_.running == 0 && (left() == 0 || !handing_out()); }
  std::int64_t left() const { return static_cast<std::int64_t>(pending_.size() + retries_.size() + alone_.size()); }
  const Counts& counts() const { return counts_; }
  // A progress line now and then (a live line on a terminal): called often, prints rarely.
  void report_progress(bool force = false);

 private:
  const TaskList& list_;
  io::Journal& journal_;
  io::RetryPolicy retry_;
  std::minstd_rand jitter_;  // the backoff's; the same seed each run is as good as any
  HaltRule halt_;
  std::deque<Assignment> pending_;  // the list's tasks not handed out yet, and those given back
  std::deque<Assignment> retries_;  // failed tasks to run again, by when their backoff ends
  std::deque<Assignment> alone_;    // isolate()'s, in list order
  bool alone_running_ = false;
  Counts counts_;
  bool stopping_ = false, halted_ = false, out_of_time_ = false;
  std::optional<std::chrono::system_clock::time_point> deadline_;
  double task_time_ = 0, seconds_finished_ = 0;
  std::int64_t timed_ = 0;  // finished tasks whose seconds are in seconds_finished_
  std::string record_;      // reused buffer
  // Tasks handed out and given back since the journal last heard: journaled before the next
  // finished task, so a task is always in flight in the journal before its result.
  std::vector<std::uint64_t> handed_out_, given_back_;
  void journal_flight();
  void give_back(const Assignment& a);
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now(), last_report_ = started_;
  bool terminal_;
};

}  // namespace pc::farm
