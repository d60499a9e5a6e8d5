// What the OpenMP runtime will use: thread count and the binding settings.
#pragma once
#include <string>

namespace pc::omp {

int max_threads();
// Starts the runtime's thread team, so the first timed region does not pay for it.
void warm_up();
std::string version();  // e.g. "OpenMP 4.5 (201511)"

}  // namespace pc::omp
