// parcompute info: what this build and this launch offer, as lines or JSON.
#include <iostream>

#include "app/commands.hpp"
#include "core/build_info.hpp"
#include "core/host.hpp"
#include "fetch/curl_info.hpp"
#include "io/h5.hpp"
#include "jobs/command/collective.hpp"
#include "jobs/results/provenance.hpp"
#include "mpi/env.hpp"
#include "omp/threads.hpp"

namespace pc::app {

InfoCommand::InfoCommand(CLI::App& app) {
  cmd_ = app.add_subcommand("info", "Show versions and capabilities: MPI, OpenMP threads and affinity, HDF5, libcurl");
  cmd_->add_flag("--json", json_, "Print as JSON");
}

int InfoCommand::execute(Invocation& inv) const {
  return jobs::run_collectively(inv.argc, inv.argv, jobs::MpiUse::always, [&](const mpi::Comm& comm) {
    const std::vector<jobs::RankFacts> ranks = jobs::gather_rank_facts(comm);
    if (!comm.root()) return 0;
    nlohmann::ordered_json per_rank = nlohmann::ordered_json::array();
    for (std::size_t r = 0; r < ranks.size(); ++r)
      per_rank.push_back({{"rank", r},
                          {"host", ranks[r].hostname},
                          {"affinity", ranks[r].affinity},
                          {"cpus", ranks[r].cpus},
                          {"threads", ranks[r].threads}});
    const nlohmann::ordered_json j = {
        {"parcompute", core::kVersion},
        {"git_commit", core::kGitCommit},
        {"compiler", core::kCompiler},
        {"build_type", core::kBuildType},
        {"compile_flags", core::kCompileFlags},
        {"mpi_library", mpi::library_version()},
        {"mpi_standard", mpi::standard_version()},
        {"mpi_ranks", comm.size},
        {"openmp", omp::version()},
        {"omp_places", core::env_or("OMP_PLACES", "(unset)")},
        {"omp_proc_bind", core::env_or("OMP_PROC_BIND", "(unset)")},
        {"hdf5_version", io::h5::library_version()},
        {"hdf5_parallel", io::h5::library_is_parallel()},
        {"curl_version", io::curl_version()},
        {"curl_features", io::curl_features()},
        {"cpu_model", core::cpu_model()},
        {"ranks", per_rank},
    };
    if (json_) {
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    for (const auto& [key, value] : j.items()) {
      if (key == "ranks") continue;
      std::cout << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
    }
    for (const auto& r : per_rank)
      std::cout << "rank " << r["rank"].get<std::size_t>() << ": host " << r["host"].get<std::string>() << ", "
                << r["threads"].get<int>() << " OpenMP thread(s) on CPUs " << r["affinity"].get<std::string>() << " ("
                << r["cpus"].get<int>() << ")\n";
    if (const std::string w = jobs::oversubscription_warning(ranks); !w.empty()) std::cout << "warning: " << w << "\n";
    return 0;
  });
}

}  // namespace pc::app
