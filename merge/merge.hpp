// parcompute merge as a library call: the results files of an array job, of resumed runs or
// of several fetches checked, their rows merged by identity (merge/rule.hpp), and one new
// results file written with the provenance of every input. No MPI: one process.
#pragma once
#include <string>
#include <vector>

#include "jobs/results/provenance.hpp"
#include "merge/rule.hpp"

namespace pc::merge {

struct MergeOptions {
  std::string output;
  std::vector<std::string> inputs;
  bool force = false;
  bool json = false;
  Prefer prefer = Prefer::none;
};

// Checks every input and the output, merges, writes `output` (whole or absent) and prints
// the summary (or JSON) on stdout. Bad input, a conflict or an output that cannot be made
// throw core::UsageError before anything is written. Returns the exit status (0).
int run_merge(const MergeOptions& options, const std::vector<jobs::RankFacts>& ranks, const std::string& command_line,
              const std::string& start_time);

}  // namespace pc::merge
