// Running a subcommand on every rank with MPI started, under one error policy.
#pragma once
#include <functional>

#include "app/commands.hpp"
#include "mpi/comm.hpp"

namespace pc::app {

// Starts MPI (and sets the default OpenMP threads), then runs `body` on every rank. A usage
// error, which every rank reaches alike, is reported once and returns 2 everywhere; any
// other failure may leave ranks waiting in a collective, so it ends the whole job.
int run_collectively(Invocation& inv, const std::function<int(const mpi::Comm&)>& body);

}  // namespace pc::app
