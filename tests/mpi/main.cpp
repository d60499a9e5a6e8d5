// Catch2 main for tests under mpiexec: MPI up first, every rank runs the tests, and the run
// fails on every rank if it failed on any.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "mpi/comm.hpp"
#include "mpi/env.hpp"
#include "test_comm.hpp"

pc::mpi::Comm test_comm() { return pc::mpi::Comm::world(); }

int main(int argc, char** argv) {
  pc::mpi::Env env(argc, argv);
  const int failed = Catch::Session().run(argc, argv);
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, test_comm().handle);
  return any == 0 ? 0 : 1;
}
