// The thread limit and the check of OMP_NUM_THREADS, through the one number parser.
#include "jobs/cli/thread_limit.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "jobs/cli/parse.hpp"

namespace pc::jobs {

std::uint64_t most_threads_per_process() {
  constexpr std::uint64_t kMost = 4096;
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NPROC, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    return std::clamp<std::uint64_t>(limit.rlim_cur, 1, kMost);
  return kMost;
}

void check_thread_request() {
  const char* value = std::getenv("OMP_NUM_THREADS");
  const char* slurm = std::getenv("SLURM_CPUS_PER_TASK");
  if (value == nullptr && slurm == nullptr) return;
  const std::uint64_t most = most_threads_per_process();
  const std::string why =
      "the threads one process starts; this machine has " + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs";
  if (value == nullptr) {
    parse_whole("SLURM_CPUS_PER_TASK", slurm, 1, most, why);
    return;
  }
  for (std::string_view level : split_commas(value)) parse_whole("OMP_NUM_THREADS", std::string(level), 1, most, why);
}

}  // namespace pc::jobs
