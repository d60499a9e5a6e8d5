// parcompute fetch as a library call: a URL list fetched over ranks, one row per URL in a
// results file with provenance, the report on rank 0.
#pragma once
#include <string>
#include <vector>

#include "fetch/fetch.hpp"
#include "jobs/results/output.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

struct FetchRun {
  std::vector<std::string> urls;  // given directly
  std::string input;              // and/or a file of URLs ("-": stdin); "" for none
  io::FetchOptions options;
  bool progress = false;      // a progress line even when stderr is not a terminal
  bool quiet = false;         // no progress and no per-URL table
  bool store_bodies = false;  // the bodies too, in /fetch/bodies
};

// Collective over `comm`. Returns 0 when every URL succeeded, else 1, on every rank; throws
// core::UsageError before any transfer for an unreadable list or an output that cannot be
// written. `command_line` is recorded as given (remove credentials first).
int run_fetch(const mpi::Comm& comm, const FetchRun& run, const OutputOptions& output, const std::string& command_line);

}  // namespace pc::jobs
