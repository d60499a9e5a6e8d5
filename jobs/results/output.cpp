// Output options, the default file name, and the results prologue shared by the commands.
#include "jobs/results/output.hpp"

#include <unistd.h>

#include "core/error.hpp"
#include "core/host.hpp"
#include "core/interrupt.hpp"
#include "jobs/cli/options.hpp"
#include "jobs/results/slurm_env.hpp"

namespace pc::jobs {

void add_output_options(CLI::App& cmd, OutputOptions& out) {
  add_text(cmd, "-o,--output", out.path, "a path for the new results file",
           "Results file (default: parcompute-<what>-<UTC time>-<job id or pid>.h5)")
      ->type_name("FILE.h5");
  cmd.add_flag("--force", out.force, "Overwrite the results file if it exists");
  cmd.add_flag("--json", out.json, "Print the results as JSON on stdout instead of a table");
}

std::string default_output_name(const std::string& what) {
  const std::string id = run_label(slurm_env(), std::to_string(::getpid()));
  return "parcompute-" + what + "-" + core::utc_now_compact() + "-" + id + ".h5";
}

ResultsTarget open_results(const mpi::Comm& comm, const OutputOptions& out, const std::string& what,
                           const std::function<void()>& check_inputs) {
  ResultsTarget target;
  std::string problem;
  if (comm.root()) {
    target.path = out.path.empty() ? default_output_name(what) : out.path;
    problem = io::output_path_problem(target.path, out.force);
    try {
      if (problem.empty()) target.file = std::make_unique<io::ResultFile>(target.path, out.force);
    } catch (const core::UsageError& e) {
      problem = e.what();
    }
    if (!problem.empty()) {
      problem = "--output: " + problem;
    } else if (check_inputs) {
      try {
        check_inputs();
      } catch (const core::UsageError& e) {
        problem = e.what();
        target.file.reset();
      }
    }
  }
  mpi::broadcast(comm, problem);
  if (!problem.empty()) throw core::UsageError(problem);
  mpi::broadcast(comm, target.path);
  core::pause_for_test("output-created");
  return target;
}

}  // namespace pc::jobs
