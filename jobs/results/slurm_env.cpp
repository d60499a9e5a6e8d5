// The Slurm environment, read without libslurm: variables only, nothing asked of slurmctld.
#include "jobs/results/slurm_env.hpp"

#include <charconv>
#include <ctime>

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

std::string utc_from_unix_seconds(const std::string& seconds) {
  long long value = 0;
  const char* end = seconds.data() + seconds.size();
  const auto [stop, error] = std::from_chars(seconds.data(), end, value);
  if (seconds.empty() || error != std::errc{} || stop != end || value < 0) return "";
  const std::time_t t = static_cast<std::time_t>(value);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) return "";
  return buf;
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
  add("slurm_job_end_time", utc_from_unix_seconds(env.end_time));
  return out;
}

}  // namespace pc::jobs
