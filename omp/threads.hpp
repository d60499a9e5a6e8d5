// What the OpenMP runtime will use: thread count and the binding settings.
#pragma once
#include <string>

namespace pc::omp {

int max_threads();
// When OMP_NUM_THREADS is unset, uses one thread per CPU of the affinity mask shared out
// over `sharing` processes (at least one), instead of the runtime's one per CPU each, which
// oversubscribes the cores as soon as several ranks share a node. Returns the thread count.
int apply_default_threads(int sharing);
// Starts the runtime's thread team, so the first timed region does not pay for it.
void warm_up();
std::string version();  // e.g. "OpenMP 4.5 (201511)"

}  // namespace pc::omp
