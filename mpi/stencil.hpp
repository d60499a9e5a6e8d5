// The MPI driver of stencil: a 2-D grid of ranks (MPI_Dims_create), each owning a rectangle,
// halos exchanged with non-blocking sends and receives before every step.
#pragma once
#include "kernels/stencil.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi::stencil {

// Throws core::UsageError (on every rank alike) when a block would be thinner than the radius.
// keep_field: return this rank's interior block of `out` in the result.
KernelResult run(const Comm& comm, const kernels::stencil::Params& p, bool keep_field = false);

}  // namespace pc::mpi::stencil
