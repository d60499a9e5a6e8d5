// Turning one task of the list into its result: a built-in kernel on a one-process
// communicator, one URL through the fetch engine, or a program.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "farm/parsed_kernels.hpp"
#include "farm/program.hpp"
#include "farm/slots.hpp"
#include "farm/task_list.hpp"
#include "farm/task_result.hpp"
#include "fetch/fetch.hpp"
#include "jobs/kernels/kernel.hpp"

namespace pc::farm {

struct TaskSettings {
  int threads_per_task = 1;
  double timeout = 0;   // seconds; 0: none
  double grace = 5;     // seconds between the stop signal (or TERM at timeout) and KILL
  std::string log_dir;  // "": no full logs
  bool log_failed_only = false;
  io::FetchOptions fetch;
  std::string host;  // this rank's
  int rank = 0;
};

// What the tasks of a run share, each part safe to use from every slot at once.
struct SharedByTasks {
  ProgramPaths programs;  // exec tasks' programs, found once per name and PATH
  ParsedKernels kernels;  // run tasks' kernels, parsed once per distinct line
};

// The part of a task's `result` that a rerun with the same outcome gives again: all of it,
// but the rate after a kernel's checksum ("checksum 1.5e9, 812.3 MB/s": "checksum 1.5e9").
std::string_view reproducible_result(const TaskResult& r);

// Checks the tasks of `list` that can be checked before anything runs (a run task's kernel
// and flags; an exec task's program is found only when it starts). Throws core::UsageError
// "SOURCE:LINE: ...".
void check_tasks(const TaskList& list, const std::string& source);

// Runs the assigned task in this thread and says how it ended. Never throws for the task's
// own failures: they are results. `stop` returns the signal to forward once a stop began.
Finished run_task(const TaskList& list, const Assignment& a, int slot, const TaskSettings& settings,
                  const std::function<int()>& stop, SharedByTasks& shared);

}  // namespace pc::farm
