// The MPI driver of nstream: each rank owns a contiguous range of the fixed blocks and runs
// the OpenMP driver on it; block checksums are gathered and added in order on rank 0.
#pragma once
#include "kernels/nstream.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi::nstream {

KernelResult run(const Comm& comm, const kernels::nstream::Params& p);

}  // namespace pc::mpi::nstream
