// What a farm run keeps of an earlier one: the tasks a --resume finds in its journal, the
// successes a --retry-failed takes from a finished results file. Plain functions, so that
// the rules are tested without running a farm.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "farm/task_list.hpp"
#include "farm/task_result.hpp"

namespace pc::farm {

// How many of `rows` are of tasks that `list` no longer has (a line changed or removed).
std::int64_t tasks_gone(const std::vector<std::uint64_t>& ids, const TaskList& list);

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

}  // namespace pc::farm
