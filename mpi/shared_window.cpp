// The window lives in one passive-target epoch (lock_all) from creation to free, which is
// what MPI_Win_sync needs; MPI_MODE_NOCHECK because ranks never lock against each other.
#include "mpi/shared_window.hpp"

#include <exception>

namespace pc::mpi {

SharedWindow::SharedWindow(const Comm& comm, std::size_t bytes) : comm_(comm.handle) {
  if (comm.size == 1) {
    alone_ = core::Buffer<std::byte>(bytes);
    bases_.push_back(alone_.data());
    return;
  }
  MPI_Info info;
  check(MPI_Info_create(&info), "MPI_Info_create");
  MPI_Info_set(info, "alloc_shared_noncontig", "true");
  void* mine = nullptr;
  const int rc = MPI_Win_allocate_shared(static_cast<MPI_Aint>(bytes), 1, info, comm_, &mine, &win_);
  MPI_Info_free(&info);
  check(rc, "MPI_Win_allocate_shared");
  // Windows start with MPI_ERRORS_ARE_FATAL; ours report to check() like the communicator.
  try {
    check(MPI_Win_set_errhandler(win_, MPI_ERRORS_RETURN), "MPI_Win_set_errhandler");
    bases_.resize(static_cast<std::size_t>(comm.size));
    for (int r = 0; r < comm.size; ++r) {
      MPI_Aint size = 0;
      int unit = 0;
      check(MPI_Win_shared_query(win_, r, &size, &unit, &bases_[static_cast<std::size_t>(r)]), "MPI_Win_shared_query");
    }
    check(MPI_Win_lock_all(MPI_MODE_NOCHECK, win_), "MPI_Win_lock_all");
  } catch (...) {
    MPI_Win_free(&win_);
    throw;
  }
}

SharedWindow::~SharedWindow() {
  // Freeing is collective: a rank unwinding an exception alone would wait there for ranks
  // that are elsewhere, while the error it carries is about to end the job (mpi::abort).
  if (win_ == MPI_WIN_NULL || std::uncaught_exceptions() > 0) return;
  MPI_Win_unlock_all(win_);
  MPI_Win_free(&win_);
}

void SharedWindow::sync() const {
  if (win_ == MPI_WIN_NULL) return;  // one process: OpenMP's barriers already order its threads
  // The first sync completes this rank's own loads and stores, the barrier waits for every
  // rank's, the second makes the others' stores visible to what this rank loads next.
  check(MPI_Win_sync(win_), "MPI_Win_sync");
  check(MPI_Barrier(comm_), "MPI_Barrier");
  check(MPI_Win_sync(win_), "MPI_Win_sync");
}

}  // namespace pc::mpi
