// Thin queries of the OpenMP runtime, kept here so layers above need no omp.h.
#include "omp/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdlib>

#include "core/host.hpp"

namespace pc::omp {

int max_threads() { return omp_get_max_threads(); }

int apply_default_threads(int sharing) {
  if (std::getenv("OMP_NUM_THREADS") == nullptr)
    omp_set_num_threads(std::max(1, core::affinity_cpus() / std::max(1, sharing)));
  return omp_get_max_threads();
}

void warm_up() {
  int sink = 0;
#pragma omp parallel reduction(+ : sink)
  sink += 1;
  (void)sink;
}

std::string version() {
  const int v = _OPENMP;
  const char* name = v >= 202011 ? "5.1" : v >= 201811 ? "5.0" : v >= 201511 ? "4.5" : v >= 201307 ? "4.0" : "3.x";
  return std::string("OpenMP ") + name + " (" + std::to_string(v) + ")";
}

}  // namespace pc::omp
