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
// When OMP_NUM_THREADS is unset, uses one thread per usable CPU shared out
// over `sharing` processes (at least one), instead of the runtime's one per CPU each, which
// oversubscribes the cores as soon as several ranks share a node. Returns the thread count.
int apply_default_threads(int sharing);
// Starts the runtime's thread team, so the first timed region does not pay for it.
void warm_up();
std::string version();  // e.g. "OpenMP 4.5 (201511)"

}  // namespace pc::omp
