// What a Slurm job tells its processes through the environment: read once, kept as text as
// Slurm wrote it, recorded in the provenance and used to name default results files.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pc::jobs {

// Each field is "" when its variable is unset (outside Slurm, all are); the {} let a test
// name only the fields it sets.
struct SlurmEnv {
  std::string job_id{};         // SLURM_JOB_ID
  std::string array_job_id{};   // SLURM_ARRAY_JOB_ID, the array's id (the first task's job id)
  std::string array_task_id{};  // SLURM_ARRAY_TASK_ID
  std::string ntasks{};         // SLURM_NTASKS
  std::string cpus_per_task{};  // SLURM_CPUS_PER_TASK
  std::string nodelist{};       // SLURM_JOB_NODELIST, compressed as Slurm writes it ("vm,nodeb", "n[01-04]")
  std::string end_time{};       // SLURM_JOB_END_TIME, Unix seconds; newer Slurm sets it, 22.05 does not
};

SlurmEnv slurm_env();  // from this process's environment

// The CPUs Slurm allotted the job on this node (SLURM_CPUS_ON_NODE); 0 outside Slurm or when
// the value is not a positive whole number.
int slurm_cpus_on_node();

// What names this run in a default file name: "<array job id>_<task id>" for a task of a job
// array (so the tasks of one array never collide and sort together), else the job id, else
// `fallback` (the pid).
std::string run_label(const SlurmEnv& env, const std::string& fallback);

// The provenance entries, one per variable that is set: slurm_job_id, slurm_array_job_id,
// slurm_array_task_id, slurm_ntasks, slurm_cpus_per_task, slurm_job_nodelist, and
// slurm_job_end_time as UTC ISO 8601 ("2026-12-01T23:59:00Z"; left out unless it is a
// whole number of seconds).
std::vector<std::pair<std::string, std::string>> slurm_attributes(const SlurmEnv& env);

// When the job of this process must end, as Unix seconds: SLURM_JOB_END_TIME when set, else
// (inside a job, SLURM_JOB_ID set) what `squeue -j ID -o %e` says, which costs one call to the
// controller. Nothing outside a job, for a job without a time limit, or when squeue cannot
// tell (then `why` says what went wrong, for a warning).
std::optional<std::int64_t> job_end_time(const SlurmEnv& env, std::string* why);

// squeue's %e, local time "YYYY-MM-DDTHH:MM:SS", as Unix seconds; nothing for "N/A",
// "Unknown", "NONE" or anything else.
std::optional<std::int64_t> unix_from_local_time(const std::string& text);

// Text of whole Unix seconds (SLURM_JOB_END_TIME) as a number; nothing for anything else.
std::optional<std::int64_t> unix_seconds(const std::string& text);

// Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" ("" for a time gmtime cannot give).
std::string utc_from_unix_seconds(std::int64_t seconds);

}  // namespace pc::jobs
