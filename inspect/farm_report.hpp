// What `parcompute inspect` says about a farm: a summary of a finished farm's table, and a
// report on a farm that has only its journal (running now, or stopped or killed), read
// without writing anything, so that the farm is not disturbed.
#pragma once
#include <string>
#include <vector>

#include "farm/task_result.hpp"
#include "io/h5.hpp"

namespace pc::inspect {

// Counts by status and class, task time in all and the wall span, the slowest and the failed
// tasks; every text printable.
std::string farm_summary(const std::vector<farm::TaskResult>& rows);

// The report on the journal of the results file `results_path` (given as the user wrote it,
// for the resume command). Throws core::UsageError for a file that is not a farm's journal.
std::string journal_report(const std::string& results_path, const std::string& journal_path);

}  // namespace pc::inspect
