// parcompute farm TASKFILE: flags into farm::FarmOptions, then the library's run_farm().
#include <unistd.h>

#include <filesystem>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "farm/farm.hpp"
#include "jobs/cli/options.hpp"
#include "jobs/command/collective.hpp"

namespace pc::app {

FarmCommand::FarmCommand(CLI::App& app) : options_(std::make_unique<farm::FarmOptions>()) {
  farm::FarmOptions& o = *options_;
  cmd_ = app.add_subcommand("farm", "Run a list of tasks (kernels, URLs, programs) over ranks and slots, journaled");
  cmd_->add_option("tasks", o.task_file,
                   "Task file, one task a line ('-' for stdin): run KERNEL [flags], fetch URL, exec -- PROGRAM [args]; "
                   "with --template, the CSV table of arguments")
      ->type_name("TASKFILE");
  jobs::add_output_options(*cmd_, o.out);
  jobs::add_text(*cmd_, "--resume", resume_, "the results file of an unfinished farm",
                 "Resume the farm whose results file this is: keep every journaled task, run the rest")
      ->type_name("FILE.h5");
  jobs::add_text(*cmd_, "--retry-failed", retry_, "the results file of a finished farm",
                 "Run again only the tasks that failed (or did not run) in this finished farm's file, keep its "
                 "successes; the new file replaces it at the end (or goes to -o)")
      ->type_name("FILE.h5");
  cmd_->add_flag("--accept-changed", o.accept_changed,
                 "With --resume or --retry-failed: accept a task file from which tasks of the earlier run have gone");
  cmd_->add_flag("--keep-journal", o.keep_journal, "Keep FILE.h5.journal after the results file is made");
  jobs::add_text(*cmd_, "--template", o.template_line, "one task line with {column} or {N} placeholders",
                 "A task line with placeholders; each row of the TASKFILE table (CSV, header row) makes one task")
      ->type_name("LINE");
  jobs::add_text(*cmd_, "--part", part_, "K/N",
                 "Run only the K-th of N parts of the list (tasks K, K+N, K+2N, ...), e.g. a job array's "
                 "$((SLURM_ARRAY_TASK_ID + 1))/$SLURM_ARRAY_TASK_COUNT; tasks keep their identity, so parts merge")
      ->type_name("K/N");
  cmd_->add_option("--schedule", schedule_, "dynamic: rank 0 hands out work as workers ask; static: one block a rank")
      ->check(CLI::IsMember({"dynamic", "static"}))
      ->default_str("dynamic");
  jobs::add_whole(*cmd_, "--slots", o.dispatch.slots, {0, 4096},
                  "Tasks at once per rank (0: CPUs of the rank's affinity mask / --threads-per-task)")
      ->type_name("N");
  jobs::add_whole(*cmd_, "--threads-per-task", o.dispatch.task.threads_per_task, {1, 4096},
                  "OpenMP threads of a run task; OMP_NUM_THREADS of an exec task")
      ->type_name("T");
  const jobs::RealRange seconds{0, 31 * 86400, "in seconds"};
  jobs::add_real(*cmd_, "--task-timeout", o.dispatch.task.timeout, seconds,
                 "Seconds a task may run (0: no limit); then its process group gets TERM, then KILL")
      ->type_name("S");
  jobs::add_real(*cmd_, "--grace", o.dispatch.task.grace, seconds, "Seconds between TERM and KILL (timeout or stop)")
      ->type_name("S");
  jobs::add_real(*cmd_, "--task-time", o.task_time, seconds,
                 "Seconds a task is expected to take (0: the mean of the finished ones); in a Slurm job with a "
                 "time limit, no task starts that would end after it (less --grace): the farm stops, resumable")
      ->type_name("S");
  jobs::add_whole(*cmd_, "--retries", o.retry.retries, {0, 100}, "Times a failed task is queued again")->type_name("R");
  jobs::add_real(*cmd_, "--retry-delay", o.retry.base_seconds, {0, 600, "in seconds"},
                 "Seconds before a failed task's first retry, doubling for each next (with jitter, at most 600)")
      ->type_name("S");
  jobs::add_text(*cmd_, "--halt-on", halt_, "fail=N or fail=P%",
                 "Stop handing out work after N failures (or P% of tasks)")
      ->type_name("fail=N|P%");
  jobs::add_text(*cmd_, "--log-dir", o.dispatch.task.log_dir, "a folder",
                 "Keep the full output of every exec task in DIR/<task id>.log")
      ->type_name("DIR");
  cmd_->add_flag("--log-failed", o.dispatch.task.log_failed_only, "With --log-dir: keep only failed tasks' logs");
  cmd_->footer(
      "Exit status: 0 every task succeeded, 1 some failed (see the task table), 2 usage error,\n"
      "3 stopped by a signal (resume with --resume FILE.h5). After failures, --retry-failed FILE.h5\n"
      "runs only the failed tasks again (the end of the run prints the command). Docs: docs/farm.md.");
}

FarmCommand::~FarmCommand() = default;

void FarmCommand::check() {
  farm::FarmOptions& o = *options_;
  if (o.task_file.empty()) throw core::UsageError("farm: name a task file (or - for stdin)");
  const auto exists = [](const std::string& path) { return ::access(path.c_str(), F_OK) == 0; };
  if (!resume_.empty() && !retry_.empty())
    throw core::UsageError("--retry-failed: not with --resume (a stopped retry is resumed with --resume alone)");
  if (!resume_.empty()) {
    if (!o.out.path.empty()) throw core::UsageError("--resume: not with -o (the results file is the one resumed)");
    if (o.out.force) throw core::UsageError("--resume: not with --force");
    o.resume = true;
    o.out.path = resume_;
    if (exists(resume_)) {
      if (!exists(farm::journal_path(resume_)))
        throw core::UsageError("--resume: " + resume_ + " is complete (its journal is gone): nothing to resume");
      // A file with its journal beside it is the source of a retry in place (or a finished
      // farm's kept journal): the journal holds all of it that stays, and the file is
      // replaced only at the end, as the retry would have.
      o.out.force = true;
    }
  }
  if (!retry_.empty()) {
    if (!exists(retry_)) throw core::UsageError("--retry-failed: no results file " + retry_);
    if (exists(farm::journal_path(retry_)))
      throw core::UsageError("--retry-failed: " + retry_ + " has a journal, " + farm::journal_path(retry_) +
                             ": finish that farm first with --resume " + retry_ +
                             " (or remove a journal kept by --keep-journal)");
    if (o.out.path.empty()) {
      if (o.out.force)
        throw core::UsageError("--force: with --retry-failed only together with -o (" + retry_ +
                               " itself is replaced anyway)");
      o.out.path = retry_;
      o.out.force = true;  // replaced once the retry's file is whole
    } else if (exists(o.out.path) && std::filesystem::equivalent(o.out.path, retry_)) {
      throw core::UsageError("--retry-failed: -o names " + retry_ + " itself: leave -o out to replace it");
    }
    o.retry_from = retry_;
  }
  if (o.accept_changed && !o.resume && o.retry_from.empty())
    throw core::UsageError("--accept-changed: only with --resume or --retry-failed");
  if (o.dispatch.task.log_failed_only && o.dispatch.task.log_dir.empty())
    throw core::UsageError("--log-failed: only with --log-dir DIR");
  if (!halt_.empty()) o.halt = farm::parse_halt_rule(halt_);
  o.dispatch.schedule = schedule_ == "static" ? mpi::Schedule::blocks : mpi::Schedule::dynamic;
  if (!part_.empty()) o.part = farm::parse_part(part_);
}

int FarmCommand::execute(Invocation& inv) const {
  return jobs::run_collectively(inv.argc, inv.argv, jobs::MpiUse::when_launched, [&](const mpi::Comm& comm) {
    return farm::run_farm(comm, *options_, inv.command_line);
  });
}

}  // namespace pc::app
