// Provenance is assembled here, once, so every command's file carries the same facts.
#include "jobs/results/provenance.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "core/build_info.hpp"
#include "core/host.hpp"
#include "fetch/curl_info.hpp"
#include "jobs/results/slurm_env.hpp"
#include "omp/threads.hpp"

namespace pc::jobs {

std::vector<RankFacts> gather_rank_facts(const mpi::Comm& comm) {
  const std::vector<int> usable = omp::usable_cpus();
  const int cpus = static_cast<int>(usable.size());
  const int threads = omp::max_threads();
  const std::vector<std::string> hosts = mpi::gather_strings(comm, core::hostname());
  const std::vector<std::string> masks = mpi::gather_strings(comm, usable.empty() ? "unknown" : core::cpu_list(usable));
  const std::vector<int> all_cpus = mpi::gather_blocks(comm, std::vector<int>{cpus});
  const std::vector<int> all_threads = mpi::gather_blocks(comm, std::vector<int>{threads});
  const std::vector<int> online =
      mpi::gather_blocks(comm, std::vector<int>{static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN))});
  const std::vector<int> allotted = mpi::gather_blocks(comm, std::vector<int>{slurm_cpus_on_node()});
  std::vector<RankFacts> out;
  for (std::size_t r = 0; r < hosts.size(); ++r)
    out.push_back({hosts[r], masks[r], all_cpus[r], all_threads[r], online[r], allotted[r]});
  return out;
}

std::string oversubscription_warning(const std::vector<RankFacts>& ranks) {
  std::vector<std::size_t> crowded;
  for (std::size_t r = 0; r < ranks.size(); ++r)
    if (ranks[r].threads > ranks[r].cpus) crowded.push_back(r);
  if (crowded.empty()) {
    // Each rank may fit its own CPUs while the ranks of one host together do not.
    std::map<std::string, std::pair<int, int>> per_host;  // threads, ranks
    for (const auto& r : ranks) {
      per_host[r.hostname].first += r.threads;
      per_host[r.hostname].second += 1;
    }
    // Slurm's allotment first: without task binding (TaskPlugin=task/none) the affinity mask
    // is the whole node, and only the allotment shows that the job asked for fewer CPUs.
    for (const auto& r : ranks) {
      const auto [threads, count] = per_host[r.hostname];
      if (r.allotted > 0 && threads > r.allotted && threads > count) {
        std::string w = std::to_string(count);
        w.append(count == 1 ? " rank runs " : " ranks run ").append(std::to_string(threads));
        w.append(" OpenMP threads on host ").append(r.hostname).append(", where Slurm allotted this job ");
        w.append(std::to_string(r.allotted)).append(" CPU(s); ask for --cpus-per-task=");
        w.append(std::to_string(std::max(1, threads / count)))
            .append(" (and export SRUN_CPUS_PER_TASK) or set OMP_NUM_THREADS=");
        w.append(std::to_string(std::max(1, r.allotted / count)));
        return w;
      }
    }
    for (const auto& r : ranks) {
      const auto [threads, count] = per_host[r.hostname];
      if (threads > r.host_cpus && threads > count)  // more ranks than CPUs alone is the user's choice
        return std::to_string(count) + " ranks run " + std::to_string(threads) + " OpenMP threads on host " +
               r.hostname + ", which has " + std::to_string(r.host_cpus) +
               " CPUs, so threads share cores; lower OMP_NUM_THREADS to " +
               std::to_string(std::max(1, r.host_cpus / count)) + " or run fewer ranks";
    }
    return "";
  }
  const RankFacts& f = ranks[crowded.front()];
  std::string who = crowded.size() == 1 ? "rank " + std::to_string(crowded.front())
                                        : std::to_string(crowded.size()) + " ranks (rank " +
                                              std::to_string(crowded.front()) + " among them)";
  return who + " runs " + std::to_string(f.threads) + " OpenMP threads on " + std::to_string(f.cpus) +
         " CPU(s) (affinity " + f.affinity + "), so threads share cores; under mpirun use --bind-to none or " +
         "--map-by slot:PE=" + std::to_string(f.threads) + ", or set OMP_NUM_THREADS=" + std::to_string(f.cpus);
}

Attributes provenance(const std::vector<RankFacts>& ranks, const std::string& command_line,
                      const std::string& start_time, const std::string& end_time) {
  std::vector<std::string> hosts, masks;
  for (const auto& r : ranks) {
    hosts.push_back(r.hostname);
    masks.push_back(r.affinity);
  }
  Attributes a{
      {"format_version", kFormatVersion},
      {"parcompute_version", std::string(core::kVersion)},
      {"git_commit", std::string(core::kGitCommit)},
      {"git_dirty", std::int64_t{core::kGitDirty}},
      {"compiler", std::string(core::kCompiler)},
      {"compile_flags", std::string(core::kCompileFlags)},
      {"build_type", std::string(core::kBuildType)},
      {"command_line", command_line},
      {"start_time", start_time},
      {"end_time", end_time},
      {"hostnames", hosts},
      {"affinity", masks},
      {"cpu_model", core::cpu_model()},
      {"mpi_ranks", static_cast<std::int64_t>(ranks.size())},
      {"omp_threads", std::int64_t{ranks.empty() ? 0 : ranks.front().threads}},
      {"omp_places", core::env_or("OMP_PLACES", "(unset)")},
      {"omp_proc_bind", core::env_or("OMP_PROC_BIND", "(unset)")},
      {"openmp", omp::version()},
      {"mpi_library", mpi::library_version()},
      {"mpi_standard", mpi::standard_version()},
      {"hdf5_version", io::h5::library_version()},
      {"curl_version", io::curl_version()},
  };
  for (auto& [name, value] : slurm_attributes(slurm_env())) a.emplace_back(std::move(name), std::move(value));
  return a;
}

void write_attributes(const io::h5::Location& where, const Attributes& attributes) {
  for (const auto& [name, value] : attributes) where.set_attr(name, value);
}

}  // namespace pc::jobs
