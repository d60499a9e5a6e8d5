// Where and how a run happened: facts gathered from every rank, written as root attributes
// of the results file, and the warning when threads outnumber the CPUs a rank may use.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "io/h5.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

inline constexpr std::int64_t kFormatVersion = 2;

struct RankFacts {
  std::string hostname;
  std::string affinity;  // CPU list of omp::usable_cpus(), e.g. "0-1"
  int cpus = 0;          // CPUs in that list
  int threads = 0;       // OpenMP threads
  int host_cpus = 0;     // CPUs online on the host
  int allotted = 0;      // CPUs Slurm allotted the job on the host (SLURM_CPUS_ON_NODE); 0 outside Slurm
};

// Collective: every rank's facts, on rank 0 in rank order (empty elsewhere).
std::vector<RankFacts> gather_rank_facts(const mpi::Comm& comm);

// "" when every rank has a CPU per thread and no host runs more threads than it has CPUs or,
// under Slurm, than the job was allotted there; else one line saying where and how to fix it.
std::string oversubscription_warning(const std::vector<RankFacts>& ranks);

using Attributes = std::vector<std::pair<std::string, io::h5::Value>>;

// The provenance attributes (rank 0): build, command, times, hosts, libraries, environment.
Attributes provenance(const std::vector<RankFacts>& ranks, const std::string& command_line,
                      const std::string& start_time, const std::string& end_time);

void write_attributes(const io::h5::Location& where, const Attributes& attributes);

}  // namespace pc::jobs
