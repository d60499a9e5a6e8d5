// The sbatch script of a parcompute command: the one template behind `parcompute slurm` and
// the ready scripts in jobs/slurm/ (each of which is this output; a test makes them again).
#pragma once
#include <string>
#include <vector>

namespace pc::jobs::slurm {

// What the job asks of Slurm; 0 and "" are "not set" (Slurm's or the command's default).
struct JobOptions {
  int nodes = 0, ntasks = 0, ntasks_per_node = 0, cpus_per_task = 0;
  std::string time, partition, account, job_name, array, output;
  bool requeue = false;  // farm: requeue itself after a stop and resume; others: #SBATCH --requeue
};

// The parcompute command the job runs, as its parser read it.
struct JobCommand {
  std::vector<std::string> words;  // after "parcompute", as given
  std::string command;             // run, fetch, farm or info
  std::string kernel;              // run: the kernel
  bool task_file_given = false;    // farm: else the script takes it as its first argument
  std::string output;              // farm: -o FILE given, else ""
};

// Options that cannot go together, or with this command; Slurm's formats. Throws
// core::UsageError with one line naming the flag.
void check_job(const JobOptions& options, const JobCommand& command);

// The script (after check_job). It runs the command with the arguments given to the script
// added, and quotes every word, so that nothing in them is ever run by the shell.
std::string sbatch_script(const JobOptions& options, const JobCommand& command);

}  // namespace pc::jobs::slurm
