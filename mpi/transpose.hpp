// The MPI driver of transpose: each rank holds a block of rows of A and B; every step each
// rank sends every other rank the transposed tile of A it needs (MPI_Alltoallv).
#pragma once
#include "kernels/transpose.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi::transpose {

KernelResult run(const Comm& comm, const kernels::transpose::Params& p);

}  // namespace pc::mpi::transpose
