// The all-to-all exchange of transpose: rank s packs A(R_s, R_r) transposed for each rank
// r, MPI_Alltoallv delivers it, and r adds it into columns R_s of its rows of B.
#pragma once
#include <vector>

#include "core/buffer.hpp"
#include "core/partition.hpp"
#include "kernels/transpose.hpp"
#include "mpi/comm.hpp"

namespace pc::mpi::transpose {

class AlltoallExchange {
 public:
  // Collective: this rank's rows of A (first touched here) and the exchange buffers.
  AlltoallExchange(const Comm& comm, const kernels::transpose::Params& p);
  // B += A^T on this rank's rows (b: rows x n); then A += 1.
  void step(double* b);

 private:
  Comm comm_;
  kernels::transpose::Params p_;
  core::Range mine_;
  core::Buffer<double> a_, send_, recv_;
  std::vector<int> counts_, displs_;  // per rank, the same for sending and receiving
};

}  // namespace pc::mpi::transpose
