// The MPI driver of transpose: each rank holds a block of rows of A and B, and every step
// adds into its rows of B the transposed columns of A that the other ranks hold, exchanged
// through MPI_Alltoallv or read in place from a shared-memory window.
#pragma once
#include "kernels/transpose.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi::transpose {

enum class Exchange {
  automatic,  // shared when every rank is on one node, else alltoall
  alltoall,   // pack the transposed tiles, MPI_Alltoallv, add them into B (any ranks)
  shared,     // A in an MPI-3 shared window; each rank reads the others' rows (one node)
};
const char* name(Exchange e);  // "auto", "alltoall", "shared"

// The exchange `asked` for on `ranks` ranks that are (or are not) all on one node. Throws a
// UsageError for shared across nodes.
Exchange resolve(Exchange asked, bool one_node, int ranks);

// Collective. `exchange` is one resolve() returned (alltoall or shared): the caller knows
// whether the ranks share a node, so it is not asked of MPI again. keep_field: return this
// rank's rows of B in the result.
KernelResult run(const Comm& comm, const kernels::transpose::Params& p, Exchange exchange, bool keep_field = false);

}  // namespace pc::mpi::transpose
