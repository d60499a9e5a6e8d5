// The protocol between rank 0 and a worker: the worker sends a report (results, tasks it
// gives back, how many it wants, whether it is idle or stopping); rank 0 answers each report
// at once with tasks (maybe none), except an idle worker's when nothing can be handed out
// yet: that answer waits until there is a task for it or the farm ends, so no one spins.
// A retry goes to another rank than the one its task failed on, where there is another.
#include "farm/dispatch.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <optional>

#include "core/bytes.hpp"
#include "core/host.hpp"
#include "mpi/messages.hpp"
#include "omp/threads.hpp"

namespace pc::farm {

namespace {

constexpr int kReport = 71, kWork = 72;
// Bits of a report's and of an answer's first byte.
constexpr std::uint8_t kIdle = 1, kLeaving = 2, kStopping = 4;
// kHandOutOver: a halt or the time limit; what a worker has queued goes back unstarted.
constexpr std::uint8_t kNoMore = 1, kStopNow = 2, kHandOutOver = 4;

Slots make_slots(const TaskList& list, const DispatchSettings& s, const std::function<int()>& stop) {
  auto shared = std::make_shared<SharedByTasks>();
  return Slots(slots_of(s), [&list, &s, stop, shared](const Assignment& a, int slot) {
    return run_task(list, a, slot, s.task, stop, *shared);
  });
}

int alone(const TaskList& list, const DispatchSettings& settings, Ledger& ledger, const core::DeferredStop& stop) {
  const std::function<int()> stop_signal = [&stop] { return stop.signal(); };
  Slots slots = make_slots(list, settings, stop_signal);
  // A stop, a halt or the time limit: what has not started goes back untouched.
  const auto return_queued = [&] {
    if (!ledger.handing_out())
      for (const Assignment& a : slots.drop_queued()) ledger.put_back(a);
  };
  std::vector<Assignment> batch;
  while (!ledger.finished()) {
    if (stop.signal() != 0 && !ledger.stopping()) ledger.stop();
    return_queued();
    batch.clear();
    Assignment a;
    for (std::size_t n = slots.wanted(); n > 0 && ledger.next(a); --n) batch.push_back(a);
    ledger.sent(batch);
    for (const Assignment& t : batch) slots.push(t);
    slots.take(std::chrono::milliseconds(ledger.journal_waiting() ? 2 : 100), [&](Finished&& f) {
      ledger.finish(f);
      return_queued();  // before the hold on the queue ends: this failure may have halted the farm
    });
    ledger.sync_if_due();
    ledger.report_progress();
  }
  return stop.signal();
}

// Rank 0 with several ranks.
class Manager {
 public:
  Manager(const mpi::Comm& comm, const DispatchSettings& s, Ledger& ledger, const core::DeferredStop& stop)
      : comm_(comm),
        s_(s),
        ledger_(ledger),
        stop_(stop),
        blocks_(static_cast<std::size_t>(comm.size)),
        blocks_due_(s.schedule == mpi::Schedule::blocks) {}

  int run() {
    int active = comm_.size - 1;
    std::string message;
    while (active > 0) {
      const int from = mpi::wait_bytes(comm_, MPI_ANY_SOURCE, kReport, message, [this] { housekeeping(); });
      const std::uint8_t flags = read_report(message);
      if (flags & kStopping) begin_stop();
      if (flags & kLeaving) {
        --active;
        continue;
      }
      answer(from, (flags & kIdle) != 0);
      release_parked();
      housekeeping();
    }
    ledger_.report_progress(true);
    return signal_;
  }

 private:
  void housekeeping() {
    if (stop_.signal() != 0) begin_stop();
    return_unsent_blocks();
    ledger_.sync_if_due();
    ledger_.report_progress();
    release_parked();
  }

  void begin_stop() {
    if (ledger_.stopping()) return;
    if (signal_ == 0) signal_ = stop_.signal() != 0 ? stop_.signal() : reported_signal_;
    ledger_.stop();
  }

  std::uint8_t read_report(const std::string& message) {
    core::ByteReader in(message);
    std::uint8_t flags = 0;
    std::int32_t sig = 0;
    std::uint32_t want = 0, results = 0, returned = 0;
    in.get(flags), in.get(sig), in.get(want), in.get(results);
    if (sig != 0 && reported_signal_ == 0) reported_signal_ = sig;
    std::string record;
    for (std::uint32_t i = 0; i < results; ++i) {
      Finished f;
      std::uint8_t interrupted = 0;
      in.get(interrupted), in.get(f.assignment.index), in.get(f.assignment.attempt), in.get(record);
      f.interrupted = interrupted != 0;
      if (!f.interrupted) f.result = decode(record);
      ledger_.finish(f);
    }
    in.get(returned);
    for (std::uint32_t i = 0; i < returned; ++i) {
      Assignment a;
      in.get(a.index), in.get(a.attempt);
      ledger_.put_back(a);
    }
    want_ = want;
    return flags;
  }

  // Up to `want` tasks for `worker`: its static block, else from the ledger, a retry on
  // another rank than the one it failed on when there is another.
  std::vector<Assignment> tasks_for(int worker, std::uint32_t want) {
    make_blocks();
    std::vector<Assignment> tasks;
    std::vector<Assignment>& block = blocks_[static_cast<std::size_t>(worker)];
    if (!block.empty() && ledger_.handing_out()) {
      tasks.swap(block);
    } else {
      const std::int64_t workers = comm_.size - 1;
      const std::int64_t share = std::max<std::int64_t>(1, ledger_.left() / (2 * workers));
      const std::int64_t n = std::min<std::int64_t>(want, share);
      const int avoid = workers > 1 ? worker : -1;
      for (Assignment a; static_cast<std::int64_t>(tasks.size()) < n && ledger_.next(a, avoid);) tasks.push_back(a);
    }
    return tasks;
  }

  // A static schedule's blocks are cut once the suspects a resume runs alone have run: until
  // then the ledger hands out one of them at a time.
  void make_blocks() {
    if (!blocks_due_ || ledger_.isolating()) return;
    blocks_due_ = false;
    std::vector<Assignment> all;
    for (Assignment a; ledger_.next(a);) all.push_back(a);
    const std::size_t workers = static_cast<std::size_t>(comm_.size - 1);
    for (std::size_t w = 0; w < workers; ++w) {
      const std::size_t from = all.size() * w / workers, to = all.size() * (w + 1) / workers;
      blocks_[w + 1].assign(all.begin() + static_cast<std::ptrdiff_t>(from),
                            all.begin() + static_cast<std::ptrdiff_t>(to));
    }
  }

  // A stop, halt or the time limit before a worker asked for its static block: the block
  // goes back unrun, or it would count as running for ever and the farm never end.
  void return_unsent_blocks() {
    if (ledger_.handing_out()) return;
    for (std::vector<Assignment>& block : blocks_) {
      for (const Assignment& a : block) ledger_.put_back(a);
      block.clear();
    }
  }

  void answer(int worker, bool is_idle) {
    return_unsent_blocks();
    const std::vector<Assignment> tasks = tasks_for(worker, want_);
    if (tasks.empty() && is_idle && !over()) {
      parked_.push_back(worker);
      return;
    }
    send_work(worker, tasks, over() ? kNoMore : 0);
  }

  // Nothing is left to hand out, ever: all journaled, or a stop, halt or the time limit with
  // nothing running. A static block not sent yet counts as running in the ledger (and goes
  // back when the hand-out ends), so it keeps the farm from being over.
  bool over() const { return ledger_.finished(); }

  // An idle worker waits parked until there is something for it (a retry may be for another
  // rank only) or the farm is over.
  void release_parked() {
    if (parked_.empty()) return;
    std::vector<int> still;
    for (const int w : parked_) {
      const std::vector<Assignment> tasks =
          over() ? std::vector<Assignment>() : tasks_for(w, static_cast<std::uint32_t>(slots_of(s_)));
      if (tasks.empty() && !over()) still.push_back(w);
      else send_work(w, tasks, over() ? kNoMore : 0);
    }
    parked_.swap(still);
  }

  void send_work(int worker, const std::vector<Assignment>& tasks, std::uint8_t flags) {
    if (ledger_.stopping()) flags |= kStopNow;
    if (!ledger_.handing_out()) flags |= kHandOutOver;
    ledger_.sent(tasks);
    std::string out;
    core::ByteWriter w(out);
    w.put(flags).put(static_cast<std::uint32_t>(tasks.size()));
    for (const Assignment& a : tasks) w.put(a.index).put(a.attempt);
    mpi::send_bytes(comm_, worker, kWork, out);
  }

  const mpi::Comm& comm_;
  const DispatchSettings& s_;
  Ledger& ledger_;
  const core::DeferredStop& stop_;
  std::vector<std::vector<Assignment>> blocks_;  // static schedule: each worker's block
  bool blocks_due_;                              // static schedule: not cut yet
  std::vector<int> parked_;
  std::uint32_t want_ = 0;
  int signal_ = 0, reported_signal_ = 0;
};

// A rank other than 0.
int work(const mpi::Comm& comm, const TaskList& list, const DispatchSettings& settings,
         const core::DeferredStop& stop) {
  std::atomic<int> told{0};  // the signal rank 0 passed on
  const std::function<int()> stop_signal = [&stop, &told] {
    const int mine = stop.signal();
    return mine != 0 ? mine : told.load();
  };
  Slots slots = make_slots(list, settings, stop_signal);
  std::vector<Finished> results;
  std::vector<Assignment> returned;
  bool no_more = false, stopping_seen = false;
  bool starved = false;  // rank 0 had nothing for the last request: ask again after a result
  std::string message;
  // From a failure until rank 0 answers the report that holds it, no queued task starts: the
  // failure may halt the farm, and the answer then takes the queue back.
  std::optional<Slots::Hold> hold;
  auto collect = [&](std::chrono::milliseconds wait) {
    slots.take(wait, [&](Finished&& f) {
      starved = false;
      if (f.result.failed() && !f.interrupted && !hold) hold.emplace(slots);
      results.push_back(std::move(f));
    });
  };
  for (;;) {
    // Results first: a worker that looks idle must not hold results rank 0 waits for.
    collect(std::chrono::milliseconds(0));
    if (stop_signal() != 0 && !stopping_seen) {
      stopping_seen = true;
      for (const Assignment& a : slots.drop_queued()) returned.push_back(a);
    }
    const std::size_t busy = slots.busy();
    const std::uint32_t want = no_more || stopping_seen || starved ? 0 : static_cast<std::uint32_t>(slots.wanted());
    const bool leaving = no_more && busy == 0;
    // An idle worker always reports: rank 0 answers it when there is work again, or says the end.
    if (leaving || !results.empty() || !returned.empty() || want > 0 || (busy == 0 && !no_more)) {
      std::string out;
      core::ByteWriter w(out);
      const std::uint8_t flags = static_cast<std::uint8_t>((busy == 0 ? kIdle : 0) | (leaving ? kLeaving : 0) |
                                                           (stopping_seen ? kStopping : 0));
      w.put(flags)
          .put(static_cast<std::int32_t>(stop.signal()))
          .put(want)
          .put(static_cast<std::uint32_t>(results.size()));
      std::string record;
      for (const Finished& f : results) {
        record.clear();
        if (!f.interrupted) encode(f.result, record);
        w.put(static_cast<std::uint8_t>(f.interrupted))
            .put(f.assignment.index)
            .put(f.assignment.attempt)
            .put(std::string_view(record));
      }
      w.put(static_cast<std::uint32_t>(returned.size()));
      for (const Assignment& a : returned) w.put(a.index).put(a.attempt);
      results.clear();
      returned.clear();
      mpi::send_bytes(comm, 0, kReport, out);
      if (leaving) break;
      if (no_more) hold.reset();  // no answer comes, and nothing more to hand out or take back
      if (!no_more) {
        mpi::wait_bytes(comm, 0, kWork, message);
        core::ByteReader in(message);
        std::uint8_t flags_in = 0;
        std::uint32_t n = 0;
        in.get(flags_in), in.get(n);
        for (std::uint32_t i = 0; i < n; ++i) {
          Assignment a;
          in.get(a.index), in.get(a.attempt);
          if (stopping_seen || (flags_in & kStopNow)) returned.push_back(a);
          else slots.push(a);
        }
        if ((flags_in & kStopNow) && told.load() == 0) told = SIGTERM;
        if (flags_in & kHandOutOver)
          for (const Assignment& a : slots.drop_queued()) returned.push_back(a);
        if (flags_in & kNoMore) no_more = true;
        hold.reset();
        starved = n == 0 && !no_more;
        continue;  // a fresh look before waiting
      }
    }
    collect(std::chrono::milliseconds(100));
  }
  return stop.signal();
}

}  // namespace

int slots_of(const DispatchSettings& settings) {
  if (settings.slots > 0) return settings.slots;
  // The CPUs this rank may use, counted as for its OpenMP threads: Slurm's --cpus-per-task
  // when set (without task binding the mask is the whole node), else OMP_PLACES or the mask.
  const int cpus =
      omp::default_threads(std::getenv("SLURM_CPUS_PER_TASK"), static_cast<int>(omp::usable_cpus().size()), 1);
  return std::max(1, cpus / std::max(1, settings.task.threads_per_task));
}

int dispatch(const mpi::Comm& comm, const TaskList& list, const DispatchSettings& settings, Ledger* ledger,
             const core::DeferredStop& stop) {
  int signal = 0;
  if (comm.size == 1) signal = alone(list, settings, *ledger, stop);
  else if (comm.root()) signal = Manager(comm, settings, *ledger, stop).run();
  else signal = work(comm, list, settings, stop);
  signal = static_cast<int>(mpi::max_over_ranks(comm, static_cast<std::int64_t>(signal)));
  return signal;
}

}  // namespace pc::farm
