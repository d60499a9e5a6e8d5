// Output options and the default file name.
#include "jobs/output.hpp"

#include <unistd.h>

#include "core/host.hpp"
#include "jobs/cli_options.hpp"

namespace pc::jobs {

void add_output_options(CLI::App& cmd, OutputOptions& out) {
  add_text(cmd, "-o,--output", out.path, "a path for the new results file",
           "Results file (default: parcompute-<what>-<UTC time>-<job id or pid>.h5)")
      ->type_name("FILE.h5");
  cmd.add_flag("--force", out.force, "Overwrite the results file if it exists");
  cmd.add_flag("--json", out.json, "Print the results as JSON on stdout instead of a table");
}

std::string default_output_name(const std::string& what) {
  const std::string id = core::env_or("SLURM_JOB_ID", std::to_string(::getpid()));
  return "parcompute-" + what + "-" + core::utc_now_compact() + "-" + id + ".h5";
}

}  // namespace pc::jobs
