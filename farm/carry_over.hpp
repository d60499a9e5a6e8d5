// What a farm run keeps of an earlier one: the tasks a --resume finds in its journal, the
// successes a --retry-failed takes from a finished results file. Plain functions, so that
// the rules are tested without running a farm.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "farm/task_list.hpp"
#include "farm/task_result.hpp"

namespace pc::farm {

// Finds the list's tasks by id. Ids that come about in list order (a journal's, a results
// file's) are found by looking near the last one found; any other through an array of
// (id, place) pairs sorted by id, made at the first such lookup: 12 bytes a task, not a
// hash table of a million entries.
class PlaceFinder {
 public:
  explicit PlaceFinder(const TaskList& list) : list_(list) {}
  // The task's place in the list; the list's length when it has no task `id`.
  std::uint32_t operator()(std::uint64_t id);

 private:
  const TaskList& list_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> sorted_;
  std::size_t next_ = 0;  // after the last place found
};

// Which tasks of `list` the `ids` (of a journal, of a results file) hold, by place in the
// list, and how many of the ids are of tasks the list no longer has (a line changed or
// removed). Repeated ids count once.
struct Held {
  std::vector<bool> at;
  std::int64_t gone = 0;
};
Held held_tasks(const std::vector<std::uint64_t>& ids, const TaskList& list);

// Throws core::UsageError naming `flag` when `gone` > 0 and --accept-changed was not given:
// "FLAG: N WHAT are no longer in the task file (...); --accept-changed keeps KEPT and runs
// the file as it is now".
void refuse_gone(std::int64_t gone, bool accept_changed, const std::string& flag, const std::string& what,
                 const std::string& kept);

// What --retry-failed does with a finished farm's rows: its successes are carried over as
// they are (also those of tasks no longer in the list: their results stay); its failures
// are dropped, so that the tasks of the list among them run again, and the list's tasks it
// does not hold (not run after --halt-on, or new lines) run too.
struct RetryPlan {
  std::vector<TaskResult> carried;  // in the order of the rows
  std::int64_t failed_again = 0;    // failed rows of tasks in the list
  std::int64_t not_held = 0;        // tasks of the list without a row
  std::int64_t gone = 0;            // rows of tasks no longer in the list
  std::int64_t gone_failed = 0;     // of those, failed: dropped, they cannot run again
};
RetryPlan plan_retry(std::vector<TaskResult> rows, const TaskList& list);

// The tasks of `list` not `done` that were handed out (running, or queued on a slot) when
// at least two runs of the farm died (`died_in`, by id), by place in list order: one of
// them may be what kills it. A first death may be anyone's (the whole job killed).
std::vector<std::uint32_t> suspects(const TaskList& list, const std::vector<bool>& done,
                                    const std::unordered_map<std::uint64_t, std::uint32_t>& died_in);

// The tasks of `list` not `done` that ran alone when a run of the farm died (`died_alone`,
// by id: see Ledger::isolate), by place: with nothing beside them, they killed it.
std::vector<std::uint32_t> killers(const TaskList& list, const std::vector<bool>& done,
                                   const std::vector<std::uint64_t>& died_alone);

// A killer's row: failed, class lost, `deaths` attempts (the runs that died while it was out),
// recorded at `now` (seconds since the Unix epoch), as its start.
TaskResult lost_row(const TaskList& list, std::uint32_t place, std::uint32_t deaths, double now);

}  // namespace pc::farm
