// The Slurm environment, read without libslurm: variables only; the job's end time alone may
// ask slurmctld (through squeue), and only when the farm needs it.
#include "jobs/results/slurm_env.hpp"

#include <charconv>
#include <ctime>

#include "core/command.hpp"
#include "core/host.hpp"

namespace pc::jobs {

SlurmEnv slurm_env() {
  return SlurmEnv{
      .job_id = core::env_or("SLURM_JOB_ID"),
      .array_job_id = core::env_or("SLURM_ARRAY_JOB_ID"),
      .array_task_id = core::env_or("SLURM_ARRAY_TASK_ID"),
      .ntasks = core::env_or("SLURM_NTASKS"),
      .cpus_per_task = core::env_or("SLURM_CPUS_PER_TASK"),
      .nodelist = core::env_or("SLURM_JOB_NODELIST"),
      .end_time = core::env_or("SLURM_JOB_END_TIME"),
  };
}

int slurm_cpus_on_node() {
  const std::string text = core::env_or("SLURM_CPUS_ON_NODE");
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc{} && stop == end && value > 0 ? value : 0;
}

std::string run_label(const SlurmEnv& env, const std::string& fallback) {
  if (!env.array_job_id.empty() && !env.array_task_id.empty()) {
    std::string label = env.array_job_id;
    label.append("_").append(env.array_task_id);
    return label;
  }
  return env.job_id.empty() ? fallback : env.job_id;
}

std::optional<std::int64_t> unix_seconds(const std::string& text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end || value < 0) return std::nullopt;
  return value;
}

std::string utc_from_unix_seconds(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) return "";
  return buf;
}

std::optional<std::int64_t> unix_from_local_time(const std::string& text) {
  std::tm tm{};
  const char* end = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  tm.tm_isdst = -1;  // as the local rules say for that date
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<std::int64_t>(t);
}

std::optional<std::int64_t> job_end_time(const SlurmEnv& env, std::string* why) {
  if (!env.end_time.empty()) {
    if (const auto t = unix_seconds(env.end_time)) return t;
    if (why) *why = "SLURM_JOB_END_TIME='" + env.end_time + "' is not Unix seconds";
    return std::nullopt;
  }
  if (env.job_id.empty()) return std::nullopt;
  // An array task's own job id is SLURM_JOB_ID too: squeue knows it under that id.
  const core::CommandResult r =
      core::run_command({"squeue", "-h", "-j", env.job_id, "-o", "%e"}, "", std::chrono::seconds(10));
  const std::string answer = core::one_line(r.out);
  if (!r.started || r.timed_out || r.status != 0) {
    if (why)
      *why = !r.started    ? r.error
             : r.timed_out ? "squeue did not answer within 10 s"
                           : "squeue: " + core::one_line(r.err);
    return std::nullopt;
  }
  return unix_from_local_time(answer);  // "Unknown" and the like: no limit to keep to
}

std::vector<std::pair<std::string, std::string>> slurm_attributes(const SlurmEnv& env) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto add = [&out](const char* name, const std::string& value) {
    if (!value.empty()) out.emplace_back(name, value);
  };
  add("slurm_job_id", env.job_id);
  add("slurm_array_job_id", env.array_job_id);
  add("slurm_array_task_id", env.array_task_id);
  add("slurm_ntasks", env.ntasks);
  add("slurm_cpus_per_task", env.cpus_per_task);
  add("slurm_job_nodelist", env.nodelist);
  if (const auto end = unix_seconds(env.end_time)) add("slurm_job_end_time", utc_from_unix_seconds(*end));
  return out;
}

}  // namespace pc::jobs
