// parcompute run KERNEL as a library call, for the CLI and for programs that run a kernel
// and want its validated results file with provenance.
#pragma once
#include <string>

#include "jobs/kernels/kernel.hpp"
#include "jobs/results/output.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

// Collective over `comm`: checks the output and creates its temporary on rank 0 before any
// work, runs `kernel` (its options already parsed and checked), writes the results file and
// prints the report (table or JSON) on rank 0. Returns 0 when the kernel validates, else 1,
// on every rank. Throws core::UsageError for an output that cannot be written.
int run_kernel(const mpi::Comm& comm, Kernel& kernel, const OutputOptions& options, const std::string& command_line);

}  // namespace pc::jobs
