// The results file's task table made from the farm's journal: each task's latest record, in
// task-file order, read in two passes and written a block of rows at a time, so that rank 0
// holds a few dozen bytes a task at the end of a million-task farm, not its rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "farm/journal_records.hpp"
#include "farm/task_list.hpp"
#include "farm/task_result.hpp"
#include "io/h5.hpp"

namespace pc::farm {

struct TableSummary {
  std::int64_t rows = 0;
  std::int64_t listed = 0;           // rows of tasks the list has
  std::optional<RetrySource> retry;  // a retry's journal
  // The failed rows in table order, each with its line, task, class and error only.
  std::vector<TaskResult> failures;
};

// Writes the task table of the journal at `journal_path` into `group`: rows in the order of
// `list`, tasks the list no longer has after them in journal order. Throws core::UsageError
// for a journal that does not decode (as scan_journal), core::Error when the journal changes
// while it is read.
TableSummary write_table_from_journal(const io::h5::Group& group, const std::string& journal_path,
                                      const TaskList& list);

}  // namespace pc::farm
