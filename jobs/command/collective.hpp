// Running a command on every rank with MPI started, under one error policy: the prologue
// `run`, `fetch`, `farm` and `info` share, and the commands to come will.
#pragma once
#include <functional>

#include "mpi/comm.hpp"

namespace pc::jobs {

// Whether a command needs MPI started when it runs as a single process. `when_launched`: a
// lone process (not one of several ranks of mpirun or srun) runs without MPI_Init, the
// largest part of a short run's start-up; its Comm is rank 0 of 1 and every collective is
// local.
enum class MpiUse { always, when_launched };

// Starts MPI as `use` says (and sets the default OpenMP threads), then runs `body` on every
// rank. A usage error, which every rank reaches alike, is reported once and returns 2
// everywhere; any other failure may leave ranks waiting in a collective, so it ends the job.
int run_collectively(int& argc, char**& argv, MpiUse use, const std::function<int(const mpi::Comm&)>& body);

}  // namespace pc::jobs
