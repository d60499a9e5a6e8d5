// parcompute merge OUT.h5 IN.h5...: flags into merge::MergeOptions, then the library's run_merge().
#include "merge/merge.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "jobs/command/collective.hpp"

namespace pc::app {

MergeCommand::MergeCommand(CLI::App& app) : options_(std::make_unique<merge::MergeOptions>()) {
  merge::MergeOptions& o = *options_;
  cmd_ = app.add_subcommand("merge", "Combine the results files of an array job, of resumed runs or of fetches");
  cmd_->add_option("output", o.output, "The merged results file (a new file; --force replaces one)")
      ->required()
      ->type_name("OUT.h5");
  cmd_->add_option("inputs", o.inputs, "Results files of one kind (farm or fetch), each task or URL kept once")
      ->required()
      ->type_name("IN.h5...");
  cmd_->add_flag("--force", o.force, "Replace OUT.h5 if it exists");
  cmd_->add_flag("--json", o.json, "Print the summary as JSON on stdout");
  cmd_->add_option("--prefer", prefer_,
                   "newest: when a task or URL has different results in two inputs, keep the newer (a task's own "
                   "start time; a URL's file's end_time) instead of refusing")
      ->check(CLI::IsMember({"newest"}))
      ->type_name("newest");
  cmd_->footer(
      "Exit status: 0 merged, 2 bad input (a missing or damaged file, inputs of different kinds or\n"
      "format versions, an unfinished farm, a conflict without --prefer) with nothing written.\n"
      "One process: not under mpirun or srun. Docs: docs/cli.md.");
}

MergeCommand::~MergeCommand() = default;

void MergeCommand::check() {
  merge::MergeOptions& o = *options_;
  if (core::launched_as_one_of_many())
    throw core::UsageError("merge: runs as one process; start it without mpirun or srun (or with -n 1)");
  if (o.output.empty()) throw core::UsageError("merge: OUT.h5 is empty (accepted: a path for the new results file)");
  for (const std::string& in : o.inputs)
    if (in.empty()) throw core::UsageError("merge: an input path is empty (an unset shell variable?)");
  if (!prefer_.empty()) o.prefer = *merge::prefer_from_name(prefer_);
}

int MergeCommand::execute(Invocation& inv) const {
  // A lone process: no MPI_Init; the Comm is only what the provenance is gathered over.
  return jobs::run_collectively(inv.argc, inv.argv, jobs::MpiUse::when_launched, [&](const mpi::Comm& comm) {
    const std::string start = core::utc_now_iso8601();
    return merge::run_merge(*options_, jobs::gather_rank_facts(comm), inv.command_line, start);
  });
}

}  // namespace pc::app
