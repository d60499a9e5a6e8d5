// The decision is core::launched_as_one_of_many(): the launcher's environment, read before
// MPI_Init, is the same on every rank, so all ranks decide alike.
#include "mpi/launch.hpp"

#include "core/host.hpp"

namespace pc::mpi {

Launch::Launch(int& argc, char**& argv, bool always) {
  if (!always && !core::launched_as_one_of_many()) {
    route_terminate_to_abort();  // Env does this when MPI starts
    return;
  }
  env_.emplace(argc, argv);
  comm_ = Comm::world();
}

}  // namespace pc::mpi
