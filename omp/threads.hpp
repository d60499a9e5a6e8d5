// What the OpenMP runtime will use: thread count and the binding settings.
#pragma once
#include <string>
#include <vector>

namespace pc::omp {

int max_threads();
// The CPUs this process's threads may use, ascending. With OMP_PROC_BIND set the runtime
// binds the main thread to the first place as it loads, so the main thread's affinity mask
// is then one place; the places, made from the mask the process started with, are all of
// them. Without binding: the affinity mask.
std::vector<int> usable_cpus();
// When OMP_NUM_THREADS is unset, uses default_threads(SLURM_CPUS_PER_TASK, the usable
// CPUs, sharing) instead of the runtime's one thread per CPU in each process, which
// oversubscribes the cores as soon as several ranks share a node. Returns the thread count.
int apply_default_threads(int sharing);
// The threads a process starts when OMP_NUM_THREADS is unset: Slurm's --cpus-per-task when it
// is a positive whole number (`slurm_cpus_per_task`, "" outside Slurm), else one per CPU of
// the affinity mask (`affinity_cpus`) shared out over `sharing` processes; at least one.
int default_threads(const char* slurm_cpus_per_task, int affinity_cpus, int sharing);
// Starts the runtime's thread team, so the first timed region does not pay for it.
void warm_up();
std::string version();  // e.g. "OpenMP 4.5 (201511)"

}  // namespace pc::omp
