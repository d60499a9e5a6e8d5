// Running a subcommand on every rank with MPI started, under one error policy.
#pragma once
#include <functional>

#include "app/commands.hpp"
#include "mpi/comm.hpp"

namespace pc::app {

// Whether a command needs MPI started when it runs as a single process. `when_launched`: a
// lone process (not one of several ranks of mpirun or srun) runs without MPI_Init, the
// largest part of a short run's start-up; its Comm is rank 0 of 1 and every collective is
// local.
enum class MpiUse { always, when_launched };

// Starts MPI as `use` says (and sets the default OpenMP threads), then runs `body` on every
// rank. A usage error, which every rank reaches alike, is reported once and returns 2
// everywhere; any other failure may leave ranks waiting in a collective, so it ends the job.
int run_collectively(Invocation& inv, MpiUse use, const std::function<int(const mpi::Comm&)>& body);

}  // namespace pc::app
