// Facts about this process and its machine, read without MPI: names, times, CPUs, env.
#pragma once
#include <string>
#include <vector>

namespace pc::core {

std::string hostname();
std::string cpu_model();
// CPUs this process may run on (its affinity mask), as the kernel reports them.
int affinity_cpus();
// The affinity mask as a CPU list, like "0-1" or "0,2".
std::string affinity_list();
// The CPU numbers in the affinity mask, ascending.
std::vector<int> affinity_cpu_ids();
// Ascending CPU numbers as a list with ranges: {0, 1, 2, 5} is "0-2,5".
std::string cpu_list(const std::vector<int>& cpus);
// UTC now as ISO 8601 ("2026-11-25T15:22:17.123Z") and compact ("20261125T152217Z").
std::string utc_now_iso8601();
std::string utc_now_compact();
// An environment variable, or `fallback` when it is unset.
std::string env_or(const char* name, const std::string& fallback = "");
// This process's rank as the launcher (mpirun, srun) announced it; 0 when not launched so.
// Lets a usage error be printed once before MPI is initialised.
int launcher_rank();
// Whether a launcher (mpirun, srun) started this process as one of several ranks.
bool launched_as_one_of_many();

}  // namespace pc::core
