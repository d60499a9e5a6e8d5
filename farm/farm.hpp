// parcompute farm as a library call: the task list read and checked, the results file and
// the journal opened before any task runs, the tasks dispatched, the file built from the
// journal. The CLI's `farm` only parses flags into FarmOptions and calls run_farm().
#pragma once
#include <string>
#include <string_view>

#include "farm/dispatch.hpp"
#include "fetch/retry_policy.hpp"
#include "jobs/results/output.hpp"

namespace pc::farm {

struct FarmOptions {
  std::string task_file;      // a path or "-" (stdin); with a template: the argument table
  std::string template_line;  // --template; "" for a task file
  Part part;                  // --part K/N: run only that part of the list
  jobs::OutputOptions out;    // -o and --force; --resume sets out.path
  bool resume = false;
  // --retry-failed: a finished farm's results file; its successes are carried over, the
  // rest of the task file runs. out.path is where the new file goes (this one by default).
  std::string retry_from;
  bool accept_changed = false;  // resume or retry even though tasks of the old run left the file
  bool keep_journal = false;
  // --retries and --retry-delay: the first backoff, doubling (with jitter) up to 10 minutes.
  io::RetryPolicy retry{0, 1.0, 600.0};
  HaltRule halt;
  // --task-time: the seconds a task is expected to take, against a job's time limit (0: the
  // mean of the finished ones).
  double task_time = 0;
  DispatchSettings dispatch;  // slots 0: CPUs of the affinity mask / threads per task
};

// The journal of the results file `path`.
std::string journal_path(const std::string& path);

// The command that runs the farm of `task_file` ("-": stdin) again with `flag` (--resume,
// --retry-failed) on `results`, and with `part` when the run was one part of the list: each
// word quoted for a shell, the whole made printable.
std::string farm_command(const std::string& task_file, const std::string& template_line, std::string_view flag,
                         const std::string& results, Part part = {});

// Collective over `comm`. Returns the exit status: 0 every task succeeded, 1 some failed,
// 3 stopped by a signal or before a Slurm job's time limit (resumable). Throws core::UsageError before any task runs
// for bad input (task file, flags of a run task, an unfinished journal in the way).
int run_farm(const mpi::Comm& comm, const FarmOptions& options, const std::string& command_line);

}  // namespace pc::farm
