// parcompute run KERNEL: MPI up, output path decided on rank 0 and broadcast, the kernel's
// collective run, then on rank 0 the report and the results file (temporary name, renamed).
#include <chrono>
#include <iostream>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/log.hpp"
#include "io/result_file.hpp"
#include "jobs/provenance.hpp"
#include "mpi/env.hpp"
#include "omp/threads.hpp"

namespace pc::app {

RunCommand::RunCommand(CLI::App& app) : kernels_(jobs::make_kernels()) {
  cmd_ = app.add_subcommand("run", "Run a kernel over MPI ranks and OpenMP threads, validate it, save the results");
  cmd_->require_subcommand(1);
  std::string names;
  for (auto& k : kernels_) {
    CLI::App* sub = cmd_->add_subcommand(k->name(), k->summary());
    k->add_options(*sub);
    jobs::add_output_options(*sub, out_);
    subs_.push_back(sub);
    names += (names.empty() ? "" : ", ") + k->name();
  }
  cmd_->footer("Kernels: " + names + ". Threads per rank: OMP_NUM_THREADS; ranks: mpirun -n R.");
}

jobs::Kernel* RunCommand::selected() const {
  for (std::size_t i = 0; i < subs_.size(); ++i)
    if (subs_[i]->parsed()) return kernels_[i].get();
  return nullptr;
}

std::string RunCommand::unknown_kernel_message(int argc, char** argv) const {
  if (selected()) return "";
  std::string names;
  for (const auto& k : kernels_) names += (names.empty() ? "" : ", ") + k->name();
  std::string given;  // the word after "run"
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "run") {
      given = argv[i + 1];
      break;
    }
  if (given.empty() || given[0] == '-') return "run: name a kernel (accepted: " + names + ")";
  return "run: unknown kernel '" + given + "' (accepted: " + names + ")";
}

void RunCommand::check() const {
  if (jobs::Kernel* k = selected()) k->check_options();
}

int RunCommand::execute(Invocation& inv) const {
  jobs::Kernel& kernel = *selected();
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const std::string start_time = core::utc_now_iso8601();
  mpi::Env env(inv.argc, inv.argv);
  const mpi::Comm comm = mpi::Comm::world();
  omp::apply_default_threads(mpi::ranks_on_node(comm));
  try {
    std::string path, problem;
    if (comm.root()) {
      path = out_.path.empty() ? jobs::default_output_name(kernel.name()) : out_.path;
      problem = io::output_path_problem(path, out_.force);
    }
    mpi::broadcast(comm, problem);
    if (!problem.empty()) throw core::UsageError("--output: " + problem);
    mpi::broadcast(comm, path);
    io::remove_partial_results_on_signal();

    const std::vector<jobs::RankFacts> ranks = jobs::gather_rank_facts(comm);
    if (comm.root()) {
      if (const std::string w = jobs::oversubscription_warning(ranks); !w.empty()) core::print_warning(w);
    }
    kernel.run(comm);

    int status = 0;
    if (comm.root()) {
      const bool ok = kernel.validates();
      status = static_cast<int>(ok ? core::Exit::ok : core::Exit::failed);
      {
        io::ResultFile file(path);
        const double total = std::chrono::duration<double>(clock::now() - t0).count();
        jobs::write_attributes(file.root(), jobs::provenance(ranks, inv.command_line, start_time, core::utc_now_iso8601()));
        file.root().set_attr("command", std::string("run ") + kernel.name());
        const io::h5::Group group = file.root().create_group(kernel.name());
        group.set_attr("total_seconds", total);
        kernel.write(group);
        file.commit();
      }
      const double total = std::chrono::duration<double>(clock::now() - t0).count();
      const std::string verdict = ok ? "Solution validates" : "Solution does NOT validate";
      if (out_.json) {
        nlohmann::json j = kernel.json();
        j["command"] = "run";
        j["kernel"] = kernel.name();
        j["ranks"] = comm.size;
        j["threads"] = ranks.front().threads;
        j["total_seconds"] = total;
        j["validates"] = ok;
        j["output"] = path;
        std::cout << j.dump(2) << "\n";
      } else {
        std::cout << "parcompute run " << kernel.name() << ": " << comm.size << " rank(s) x " << ranks.front().threads
                  << " thread(s)\n"
                  << kernel.table().render();
        for (const std::string& line : kernel.summary_lines()) std::cout << line << "\n";
        std::cout << "total seconds: " << core::format_seconds(total) << "\n"
                  << "results: " << path << "\n"
                  << verdict << "\n";
      }
      std::cout.flush();
    }
    mpi::broadcast(comm, status);
    return status;
  } catch (const core::Error& e) {
    // A usage verdict reached every rank alike; anything else may leave ranks waiting in a
    // collective, so the job ends here.
    if (e.exit_status() == core::Exit::usage) return mpi::usage_exit(e.what());
    if (comm.size == 1) {
      core::print_error(e.what());
      return static_cast<int>(e.exit_status());
    }
    mpi::abort(static_cast<int>(e.exit_status()), e.what());
  }
}

}  // namespace pc::app
