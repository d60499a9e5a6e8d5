// The MPI driver of transpose: each rank holds a block of rows of A and B; every step each
// rank sends every other rank the transposed tile of A it needs (MPI_Alltoallv, in
// mpi/transpose_alltoall.hpp).
#pragma once
#include "kernels/transpose.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi::transpose {

// keep_field: return this rank's rows of B in the result.
KernelResult run(const Comm& comm, const kernels::transpose::Params& p, bool keep_field = false);

}  // namespace pc::mpi::transpose
