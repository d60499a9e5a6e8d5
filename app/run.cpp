// parcompute run KERNEL: MPI up only for several ranks, output path decided on rank 0, the
// kernel's collective run, then on rank 0 the report and the results file (temporary, renamed).
#include <chrono>
#include <iostream>
#include <memory>

#include "app/collective.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/log.hpp"
#include "core/interrupt.hpp"
#include "jobs/provenance.hpp"
#include "mpi/env.hpp"
#include "mpi/field.hpp"

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

namespace {

using clock = std::chrono::steady_clock;

double seconds_since(clock::time_point t0) { return std::chrono::duration<double>(clock::now() - t0).count(); }

void write_summary(const io::h5::File& root, const jobs::Kernel& kernel, const jobs::Attributes& provenance,
                   double seconds) {
  jobs::write_attributes(root, provenance);
  root.set_attr("command", std::string("run ") + kernel.name());
  const io::h5::Group group = root.create_group(kernel.name());
  group.set_attr("total_seconds", seconds);
  kernel.write(group);
}

// The table (or JSON) on stdout, from rank 0.
void report(const jobs::Kernel& kernel, int ranks, int threads, bool json, const std::string& path,
            double field_seconds, double total) {
  const bool ok = kernel.validates();
  if (json) {
    nlohmann::json j = kernel.json();
    j["command"] = "run";
    j["kernel"] = kernel.name();
    j["ranks"] = ranks;
    j["threads"] = threads;
    j["total_seconds"] = total;
    j["validates"] = ok;
    j["output"] = path;
    if (field_seconds >= 0) j["field_write_seconds"] = field_seconds;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "parcompute run " << kernel.name() << ": " << ranks << " rank(s) x " << threads << " thread(s)\n"
              << kernel.table().render();
    for (const std::string& line : kernel.summary_lines()) std::cout << line << "\n";
    if (field_seconds >= 0)
      std::cout << "field " << kernel.field_name() << " written in " << core::format_seconds(field_seconds) << " s\n";
    std::cout << "total seconds: " << core::format_seconds(total) << "\n"
              << "results: " << path << "\n"
              << (ok ? "Solution validates" : "Solution does NOT validate") << "\n";
  }
  std::cout.flush();
}

}  // namespace

int RunCommand::execute(Invocation& inv) const {
  jobs::Kernel& kernel = *selected();
  const auto t0 = clock::now();
  const std::string start_time = core::utc_now_iso8601();
  // Alone (no mpirun or srun), the drivers and the field take their local paths: no MPI.
  return run_collectively(inv, MpiUse::when_launched, [&](const mpi::Comm& comm) {
    jobs::ResultsTarget out = jobs::open_results(comm, out_, kernel.name());
    const std::vector<jobs::RankFacts> ranks = jobs::gather_rank_facts(comm);
    if (comm.root()) {
      if (const std::string w = jobs::oversubscription_warning(ranks); !w.empty()) core::print_warning(w);
    }
    core::pause_for_test("computing");
    kernel.run(comm);

    // Rank 0 writes the summary into the temporary file; a field is then written into it by
    // every rank in parallel; only then is it renamed into place.
    std::string temp;
    if (comm.root()) {
      const jobs::Attributes provenance =
          jobs::provenance(ranks, inv.command_line, start_time, core::utc_now_iso8601());
      out.file->write([&](const io::h5::File& root) { write_summary(root, kernel, provenance, seconds_since(t0)); });
      if (kernel.field()) temp = out.file->hand_over();
    }
    double field_seconds = -1;
    if (const mpi::Field* field = kernel.field()) {  // asked for on every rank alike
      mpi::broadcast(comm, temp);
      mpi::barrier(comm);
      const auto f0 = clock::now();
      const mpi::AbortContext writing("cannot write the results file '" + out.path + "'");
      mpi::write_field(comm, temp, kernel.name(), kernel.field_name(), *field);
      field_seconds = mpi::max_over_ranks(comm, seconds_since(f0));
    }
    core::pause_for_test("written");
    int status = 0;
    if (comm.root()) {
      out.file->commit();
      core::pause_for_test("committed");
      status = static_cast<int>(kernel.validates() ? core::Exit::ok : core::Exit::failed);
      report(kernel, comm.size, ranks.front().threads, out_.json, out.path, field_seconds, seconds_since(t0));
    }
    mpi::broadcast(comm, status);
    return status;
  });
}

}  // namespace pc::app
