// MPI started only when there is more than one rank: a lone process (started alone, or by
// mpirun -n 1) runs without MPI_Init, which costs tens of milliseconds, and every collective
// of its Comm is local.
#pragma once
#include <optional>

#include "mpi/comm.hpp"
#include "mpi/env.hpp"

namespace pc::mpi {

class Launch {
 public:
  // Starts MPI when a launcher (mpirun, srun) started this process as one of several ranks,
  // or `always`. Either way a failure that reaches std::terminate ends the run through
  // mpi::abort (status 4, the partial results file removed).
  Launch(int& argc, char**& argv, bool always = false);
  // MPI_COMM_WORLD when MPI was started, else a lone process (rank 0 of 1).
  const Comm& comm() const { return comm_; }
  bool mpi_started() const { return env_.has_value(); }

 private:
  std::optional<Env> env_;
  Comm comm_;
};

}  // namespace pc::mpi
