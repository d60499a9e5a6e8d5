// parcompute run KERNEL as a library call: the output decided on rank 0 before the work, the
// kernel's collective run, then on rank 0 the results file (temporary, renamed) and the report.
#include "jobs/kernels/run.hpp"

#include <chrono>
#include <iostream>

#include "core/error.hpp"
#include "core/host.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "jobs/results/provenance.hpp"
#include "mpi/env.hpp"
#include "mpi/field.hpp"

namespace pc::jobs {

namespace {

using clock = std::chrono::steady_clock;

double seconds_since(clock::time_point t0) { return std::chrono::duration<double>(clock::now() - t0).count(); }

void write_summary(const io::h5::File& root, const Kernel& kernel, const Attributes& provenance, double seconds) {
  write_attributes(root, provenance);
  root.set_attr("command", std::string("run ") + kernel.name());
  const io::h5::Group group = root.create_group(kernel.name());
  group.set_attr("total_seconds", seconds);
  write_record(group, kernel.record());
}

// The table (or JSON) on stdout, from rank 0.
void report(const Kernel& kernel, int ranks, int threads, bool json, const std::string& path, double field_seconds,
            double total) {
  const bool ok = kernel.validates();
  if (json) {
    nlohmann::json j = json_of(kernel.record());
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
              << table_of(kernel.record()).render();
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

int run_kernel(const mpi::Comm& comm, Kernel& kernel, const OutputOptions& options, const std::string& command_line) {
  const auto t0 = clock::now();
  const std::string start_time = core::utc_now_iso8601();
  ResultsTarget out = open_results(comm, options, kernel.name());
  const std::vector<RankFacts> ranks = gather_rank_facts(comm);
  if (comm.root()) {
    if (const std::string w = oversubscription_warning(ranks); !w.empty()) core::print_warning(w);
  }
  core::pause_for_test("computing");
  kernel.run(comm);

  // Rank 0 writes the summary into the temporary file; a field is then written into it by
  // every rank in parallel; only then is it renamed into place.
  std::string temp;
  if (comm.root()) {
    const Attributes facts = provenance(ranks, command_line, start_time, core::utc_now_iso8601());
    out.file->write([&](const io::h5::File& root) { write_summary(root, kernel, facts, seconds_since(t0)); });
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
    report(kernel, comm.size, ranks.front().threads, options.json, out.path, field_seconds, seconds_since(t0));
  }
  mpi::broadcast(comm, status);
  return status;
}

}  // namespace pc::jobs
