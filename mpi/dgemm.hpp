// The MPI driver of dgemm: row blocks of A and C per rank, B broadcast from rank 0 once.
#pragma once
#include "kernels/dgemm.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi::dgemm {

// keep_field: return this rank's rows of C in the result.
KernelResult run(const Comm& comm, const kernels::dgemm::Params& p, bool keep_field = false);

}  // namespace pc::mpi::dgemm
