// Thin queries of the OpenMP runtime, kept here so layers above need no omp.h.
#include "omp/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string_view>

#include "core/host.hpp"

namespace pc::omp {

int max_threads() { return omp_get_max_threads(); }

std::vector<int> usable_cpus() {
  const int places = omp_get_num_places();
  if (omp_get_proc_bind() == omp_proc_bind_false || places <= 0) return core::affinity_cpu_ids();
  std::vector<int> cpus;
  for (int p = 0; p < places; ++p) {
    std::vector<int> ids(static_cast<std::size_t>(std::max(0, omp_get_place_num_procs(p))));
    omp_get_place_proc_ids(p, ids.data());
    cpus.insert(cpus.end(), ids.begin(), ids.end());
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus.empty() ? core::affinity_cpu_ids() : cpus;
}

int default_threads(const char* slurm_cpus_per_task, int affinity_cpus, int sharing) {
  // Slurm's word wins: it knows what the job asked for, where the mask may be the whole node
  // (no task binding) or a core per task.
  if (slurm_cpus_per_task != nullptr && *slurm_cpus_per_task != '\0') {
    const std::string_view text(slurm_cpus_per_task);
    int cpus = 0;
    const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), cpus);
    if (error == std::errc{} && stop == text.data() + text.size() && cpus > 0) return cpus;
  }
  return std::max(1, affinity_cpus / std::max(1, sharing));
}

int apply_default_threads(int sharing) {
  if (std::getenv("OMP_NUM_THREADS") == nullptr)
    omp_set_num_threads(
        default_threads(std::getenv("SLURM_CPUS_PER_TASK"), static_cast<int>(usable_cpus().size()), sharing));
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
