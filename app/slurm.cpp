// parcompute slurm [job options] -- COMMAND...: flags into jobs::slurm::JobOptions, the command
// read by a Program of its own (so it is checked as parcompute will check it in the job),
// then the script printed or submitted.
#include <functional>
#include <iostream>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "farm/farm.hpp"
#include "jobs/cli/options.hpp"
#include "jobs/slurm/submit.hpp"
#include "jobs/slurm/values.hpp"

namespace pc::app {

SlurmCommand::SlurmCommand(CLI::App& app) {
  jobs::slurm::JobOptions& o = job_;
  cmd_ = app.add_subcommand("slurm", "Print (or submit) an sbatch script that runs a parcompute command");
  const jobs::WholeRange counts{1, 1'000'000};
  jobs::add_whole(*cmd_, "--nodes,-N", o.nodes, counts, "Nodes (a farm: one rank on each)")->default_str("");
  jobs::add_whole(*cmd_, "--ntasks,-n", o.ntasks, counts, "MPI ranks in all (not for a farm)")->default_str("");
  jobs::add_whole(*cmd_, "--ntasks-per-node", o.ntasks_per_node, counts, "MPI ranks on each node (not for a farm)")
      ->default_str("");
  jobs::add_whole(*cmd_, "--cpus-per-task,-c", o.cpus_per_task, counts,
                  "CPUs of each rank: its OpenMP threads, or a farm rank's slots")
      ->default_str("");
  jobs::add_read_option(*cmd_, "--time,-t",
                        "Time limit: minutes, minutes:seconds, hours:minutes:seconds, days-hours, "
                        "days-hours:minutes, days-hours:minutes:seconds or UNLIMITED",
                        [&o](const std::string&, const std::string& text) {
                          jobs::slurm::time_limit_seconds(text);
                          o.time = text;
                        })
      ->type_name("TIME");
  jobs::add_text(*cmd_, "--partition,-p", o.partition, "a partition name", "Partition")->type_name("NAME");
  jobs::add_text(*cmd_, "--account,-A", o.account, "an account name", "Account to charge")->type_name("NAME");
  jobs::add_text(*cmd_, "--job-name,-J", o.job_name, "a job name", "Job name (default: pc-<kernel or command>)")
      ->type_name("NAME");
  jobs::add_text(*cmd_, "--array,-a", o.array, "A-B or A-B%N",
                 "A farm over a job array: A-B (or A-B%N, N at once), each index one part of the task list")
      ->type_name("A-B[%N]");
  jobs::add_text(*cmd_, "--output,-o", o.output, "a file name pattern",
                 "Slurm's log of the job (default: <job name>-%j.out, an array's <job name>-%A_%a.out)")
      ->type_name("PATTERN");
  cmd_->add_flag("--requeue", o.requeue,
                 "A farm requeues itself when stopped (the time limit) and resumes; other jobs: #SBATCH --requeue");
  cmd_->add_flag("--submit", submit_, "Submit the script with sbatch and print the job id instead");
  // Everything from the first word that is not one of the options above is the job's
  // command, its flags too, with or without a -- before it.
  cmd_->add_option("command", command_.words, "The command the job runs: run, fetch, farm or info, and its flags")
      ->type_name("COMMAND...");
  cmd_->positionals_at_end();
  cmd_->footer(
      "Usage: parcompute slurm [OPTIONS] [--] COMMAND...  (COMMAND: run, fetch, farm or info, and its flags)\n"
      "Examples:\n"
      "  parcompute slurm --ntasks 8 --cpus-per-task 4 --time 30 -- run stencil --size 8000 > stencil.sbatch\n"
      "  parcompute slurm --nodes 4 --cpus-per-task 32 --time 1-00:00:00 --requeue --submit -- farm tasks.txt\n"
      "  parcompute slurm --array 0-9%4 --cpus-per-task 8 -- farm tasks.txt > array.sbatch\n"
      "Every word after -- is quoted in the script: nothing in it is run by the shell. Arguments\n"
      "given to the script (sbatch SCRIPT ARGS...) are added to the command. Docs: docs/slurm.md.");
}

void SlurmCommand::check() {
  if (command_.words.empty())
    throw core::UsageError("slurm: name the command the job runs after -- (e.g. -- run sumsq)");
  // The command as the job will read it: a mistake in it is found now, not after the queue.
  const auto as_job = [](const std::function<void()>& step) {
    try {
      step();
    } catch (const core::UsageError& e) {
      throw core::UsageError(std::string("slurm: the job's command: ") + e.what());
    }
  };
  const auto parse = [](Program& program, const std::vector<std::string>& words) {
    if (!program.parse(words, false)) throw core::UsageError("--help and --version print and end; they are not a job");
  };
  Program job;
  as_job([&] { parse(job, command_.words); });
  command_.command = job.command();
  if (command_.command == "run") command_.kernel = job.run().kernel_name();
  if (command_.command == "farm") {
    command_.task_file_given = !job.farm().options().task_file.empty();
    command_.output = job.farm().options().out.path;
  }
  jobs::slurm::check_job(job_, command_);
  if (command_.command == "farm" && !command_.task_file_given) {
    // The task file may be left to the script's first argument: the rest is checked as if
    // it were given.
    std::vector<std::string> words = command_.words;
    words.emplace_back("TASKFILE");
    Program given;
    as_job([&] {
      parse(given, words);
      given.check();
    });
  } else {
    as_job([&] { job.check(); });
  }
}

int SlurmCommand::execute() const {
  const std::string script = jobs::slurm::sbatch_script(job_, command_);
  if (!submit_) {
    std::cout << script;
    return 0;
  }
  std::cout << jobs::slurm::submit(script) << "\n";
  return 0;
}

}  // namespace pc::app
