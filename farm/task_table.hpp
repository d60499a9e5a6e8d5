// The farm's part of the results file: group "farm", one row per task, one column per field.
#pragma once
#include <vector>

#include "farm/task_result.hpp"
#include "io/h5.hpp"

namespace pc::farm {

// Rows in task-file order (line, then occurrence); tasks no longer in the file follow.
void write_task_table(const io::h5::Group& group, const std::vector<TaskResult>& rows);

}  // namespace pc::farm
