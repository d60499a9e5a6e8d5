// The communicator the driver tests run on. pc_mpi_tests (tests/mpi/main.cpp) gives every
// rank of mpiexec; pc_unit_tests (tests/unit/lone_comm.cpp) a lone process without MPI.
#pragma once
#include "mpi/comm.hpp"

pc::mpi::Comm test_comm();
