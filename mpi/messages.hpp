// Point-to-point messages of bytes for the dispatchers (map's dynamic schedule, the farm):
// a send, and a wait that sleeps between probes instead of spinning, so that a rank waiting
// for work does not take a core from the ranks doing it.
#pragma once
#include <functional>
#include <string>

#include "mpi/comm.hpp"

namespace pc::mpi {

void send_bytes(const Comm& comm, int to, int tag, const std::string& bytes);

// Receives the next message with `tag` from `source` (MPI_ANY_SOURCE for any) into `bytes`
// and returns its sender. Between probes it calls `between` (may be empty) and sleeps a
// little longer each time, up to a millisecond.
int wait_bytes(const Comm& comm, int source, int tag, std::string& bytes, const std::function<void()>& between = {});

}  // namespace pc::mpi
