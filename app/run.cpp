// parcompute run KERNEL: the kernels' subcommands and flags; the run itself is jobs::run_kernel.
#include "jobs/kernels/run.hpp"
#include "app/commands.hpp"
#include "jobs/command/collective.hpp"

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

std::string RunCommand::kernel_name() const {
  const jobs::Kernel* k = selected();
  return k ? k->name() : "";
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
  // Alone (no mpirun or srun), the drivers and the field take their local paths: no MPI.
  return jobs::run_collectively(inv.argc, inv.argv, jobs::MpiUse::when_launched, [&](const mpi::Comm& comm) {
    return jobs::run_kernel(comm, kernel, out_, inv.command_line);
  });
}

}  // namespace pc::app
