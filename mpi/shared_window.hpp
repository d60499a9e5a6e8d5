// An MPI-3 shared-memory window: each rank of a one-node communicator allocates its own
// segment and can load from and store to every other rank's segment directly.
#pragma once
#include <mpi.h>

#include <cstddef>
#include <vector>

#include "core/buffer.hpp"
#include "mpi/comm.hpp"

namespace pc::mpi {

class SharedWindow {
 public:
  // Collective over `comm`, whose ranks must all share one node. Each rank's segment is
  // page-aligned on its own (alloc_shared_noncontig), so the pages its owner touches first
  // are placed near the owner. A lone process (comm.size 1) gets its own memory and never
  // calls MPI, as every collective on such a Comm.
  SharedWindow(const Comm& comm, std::size_t bytes);
  ~SharedWindow();  // collective
  SharedWindow(const SharedWindow&) = delete;
  SharedWindow& operator=(const SharedWindow&) = delete;

  // The start of `rank`'s segment, in this process's address space.
  template <class T> T* segment(int rank) const { return static_cast<T*>(bases_[static_cast<std::size_t>(rank)]); }
  // Collective: every rank's loads and stores before it are complete, and visible to every
  // rank's loads and stores after it, in the separate as well as the unified memory model.
  void sync() const;

 private:
  MPI_Comm comm_;
  MPI_Win win_ = MPI_WIN_NULL;  // MPI_WIN_NULL for a lone process
  core::Buffer<std::byte> alone_;
  std::vector<void*> bases_;
};

}  // namespace pc::mpi
