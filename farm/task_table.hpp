// The farm's part of the results file: group "farm", one row per task, one column per field,
// written by the farm and read back by a retry and by inspect.
#pragma once
#include <vector>

#include "farm/task_result.hpp"
#include "io/h5.hpp"

namespace pc::farm {

// Rows in task-file order (line, then occurrence); tasks no longer in the file follow.
void write_task_table(const io::h5::Group& group, const std::vector<TaskResult>& rows);

// Whether `file` is a farm's results file: its root `command` is "farm" and it has a group /farm.
bool is_farm_file(const io::h5::File& file);

// The rows back, every field as written (text as stored: valid UTF-8). Throws core::Error
// for a missing column, one of another length than the first, or a status or kind that is
// not one of ours: the file is then damaged or not a farm's.
std::vector<TaskResult> read_task_table(const io::h5::Location& group);

}  // namespace pc::farm
