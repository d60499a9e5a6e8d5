// The MPI drivers' tests (tests/mpi/test_kernels.cpp, ...) run here on a default Comm, a lone
// process, and the run fails if any test case has started MPI: a farm worker runs a kernel so.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <mpi.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

#include "../mpi/test_comm.hpp"

pc::mpi::Comm test_comm() { return {}; }

namespace {

// Assertions are not allowed in a listener, and once started MPI cannot be undone: end the
// run. (A driver that calls MPI before MPI_Init is already ended by Open MPI itself.)
struct NeverStartsMpi : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    int started = 0;
    MPI_Initialized(&started);
    if (!started) return;
    std::fprintf(stderr, "test case '%s' started MPI in a lone process\n", stats.testInfo.name.c_str());
    std::_Exit(1);
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(NeverStartsMpi)
