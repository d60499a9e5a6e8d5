// parcompute inspect FILE.h5: flags, then the library's inspect::listing() on stdout.
#include <cstdio>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/log.hpp"
#include "inspect/listing.hpp"
#include "jobs/cli/options.hpp"

namespace pc::app {

InspectCommand::InspectCommand(CLI::App& app) {
  cmd_ = app.add_subcommand("inspect", "Show the provenance and a summary of a parcompute results file");
  cmd_->add_option("file", path_, "Results file written by parcompute")->required()->type_name("FILE.h5");
  jobs::add_whole(*cmd_, "--rows", rows_, {1, 1'000'000}, "Rows of each table to show");
  jobs::add_whole(*cmd_, "--timeout", timeout_, {1, 86400},
                  "Seconds reading the file may take before it counts as damaged");
}

int InspectCommand::execute() const {
  // Under mpirun every rank reads the file alike and ends alike; only the first one speaks.
  const bool speaker = core::launcher_rank() == 0;
  try {
    const std::string text = inspect::listing(path_, rows_, timeout_);
    if (speaker) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    }
    return static_cast<int>(core::Exit::ok);
  } catch (const core::Error& e) {
    if (speaker) core::print_error(e.what());
    return static_cast<int>(e.exit_status());
  }
}

}  // namespace pc::app
