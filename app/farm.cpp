// parcompute farm TASKFILE: flags into farm::FarmOptions, then the library's run_farm().
#include <unistd.h>

#include "app/collective.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "farm/farm.hpp"
#include "jobs/cli_options.hpp"

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
  cmd_->add_flag("--accept-changed", o.accept_changed,
                 "With --resume: accept a task file from which journaled tasks have gone");
  cmd_->add_flag("--keep-journal", o.keep_journal, "Keep FILE.h5.journal after the results file is made");
  jobs::add_text(*cmd_, "--template", o.template_line, "one task line with {column} or {N} placeholders",
                 "A task line with placeholders; each row of the TASKFILE table (CSV, header row) makes one task")
      ->type_name("LINE");
  cmd_->add_option("--schedule", schedule_, "dynamic: rank 0 hands out work as workers ask; static: one block a rank")
      ->check(CLI::IsMember({"dynamic", "static"}))->default_str("dynamic");
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
  jobs::add_real(*cmd_, "--grace", o.dispatch.task.grace, seconds,
                 "Seconds between TERM and KILL (timeout or stop)")
      ->type_name("S");
  jobs::add_whole(*cmd_, "--retries", o.retries, {0, 100}, "Times a failed task is queued again")->type_name("R");
  jobs::add_text(*cmd_, "--halt-on", halt_, "fail=N or fail=P%", "Stop handing out work after N failures (or P% of tasks)")
      ->type_name("fail=N|P%");
  jobs::add_text(*cmd_, "--log-dir", o.dispatch.task.log_dir, "a folder",
                 "Keep the full output of every exec task in DIR/<task id>.log")
      ->type_name("DIR");
  cmd_->add_flag("--log-failed", o.dispatch.task.log_failed_only, "With --log-dir: keep only failed tasks' logs");
  cmd_->footer(
      "Exit status: 0 every task succeeded, 1 some failed (see the task table), 2 usage error,\n"
      "3 stopped by a signal (resume with --resume FILE.h5). Docs: docs/farm.md.");
}

FarmCommand::~FarmCommand() = default;

void FarmCommand::check() {
  farm::FarmOptions& o = *options_;
  if (o.task_file.empty()) throw core::UsageError("farm: name a task file (or - for stdin)");
  if (!resume_.empty()) {
    if (!o.out.path.empty()) throw core::UsageError("--resume: not with -o (the results file is the one resumed)");
    if (o.out.force) throw core::UsageError("--resume: not with --force");
    o.resume = true;
    o.out.path = resume_;
    if (::access(resume_.c_str(), F_OK) == 0 && ::access(farm::journal_path(resume_).c_str(), F_OK) != 0)
      throw core::UsageError("--resume: " + resume_ + " is complete (its journal is gone): nothing to resume");
  }
  if (o.accept_changed && !o.resume) throw core::UsageError("--accept-changed: only with --resume");
  if (o.dispatch.task.log_failed_only && o.dispatch.task.log_dir.empty())
    throw core::UsageError("--log-failed: only with --log-dir DIR");
  if (!halt_.empty()) o.halt = farm::parse_halt_rule(halt_);
  o.dispatch.schedule = schedule_ == "static" ? mpi::Schedule::blocks : mpi::Schedule::dynamic;
}

int FarmCommand::execute(Invocation& inv) const {
  return run_collectively(inv, MpiUse::when_launched,
                          [&](const mpi::Comm& comm) { return farm::run_farm(comm, *options_, inv.command_line); });
}

}  // namespace pc::app
