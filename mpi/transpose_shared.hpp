// The shared-memory exchange of transpose, for ranks on one node: A lives in an MPI-3
// shared window, each rank its own rows, and every rank reads the columns of A it needs
// straight from the other ranks' rows, as threads do within one process.
#pragma once
#include "core/partition.hpp"
#include "kernels/transpose.hpp"
#include "mpi/comm.hpp"
#include "mpi/shared_window.hpp"

namespace pc::mpi::transpose {

class SharedExchange {
 public:
  // Collective over a one-node communicator: the window, this rank's rows of A first
  // touched by its own threads, visible to every rank on return.
  SharedExchange(const Comm& comm, const kernels::transpose::Params& p);
  // B += A^T on this rank's rows (b: rows x n); then A += 1 once no rank reads A any more.
  void step(double* b);

 private:
  Comm comm_;
  kernels::transpose::Params p_;
  core::Range mine_;
  SharedWindow window_;
};

}  // namespace pc::mpi::transpose
