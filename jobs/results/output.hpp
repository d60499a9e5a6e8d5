// The options every result-producing command shares (where the file goes, overwrite, JSON)
// and the prologue that turns them into a results file before any work starts.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "io/result_file.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

struct OutputOptions {
  std::string path;  // empty: default_output_name()
  bool force = false;
  bool json = false;
};

void add_output_options(CLI::App& cmd, OutputOptions& out);

// parcompute-<what>-<UTC time>-<id>.h5 in the working directory; the id is the Slurm job id,
// <array job id>_<task id> in a job array, or the pid outside Slurm.
std::string default_output_name(const std::string& what);

struct ResultsTarget {
  std::string path;                      // the final path, on every rank
  std::unique_ptr<io::ResultFile> file;  // on rank 0 only
};

// Collective over `comm`. Rank 0 picks the path, checks it and creates the temporary file,
// then runs `check_inputs` (which may throw core::UsageError, e.g. for an unreadable input);
// every rank learns the verdict, and a problem is a usage error (exit 2) on every rank, with
// nothing left on disk. Call it before any work: an output that cannot be written is then
// found in milliseconds, not after the computation.
ResultsTarget open_results(const mpi::Comm& comm, const OutputOptions& out, const std::string& what,
                           const std::function<void()>& check_inputs = {});

}  // namespace pc::jobs
