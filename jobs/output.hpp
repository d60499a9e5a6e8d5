// The options every result-producing command shares: where the file goes, overwrite, JSON.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace pc::jobs {

struct OutputOptions {
  std::string path;  // empty: default_output_name()
  bool force = false;
  bool json = false;
};

void add_output_options(CLI::App& cmd, OutputOptions& out);

// parcompute-<what>-<UTC time>-<Slurm job id or pid>.h5 in the working directory.
std::string default_output_name(const std::string& what);

}  // namespace pc::jobs
