#include "mpi/messages.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace pc::mpi {

void send_bytes(const Comm& comm, int to, int tag, const std::string& bytes) {
  check(MPI_Send(bytes.data(), message_count(static_cast<std::int64_t>(bytes.size())), MPI_BYTE, to, tag, comm.handle),
        "MPI_Send");
}

int wait_bytes(const Comm& comm, int source, int tag, std::string& bytes, const std::function<void()>& between) {
  MPI_Status status;
  std::chrono::microseconds nap{0};
  for (;;) {
    int ready = 0;
    check(MPI_Iprobe(source, tag, comm.handle, &ready, &status), "MPI_Iprobe");
    if (ready) break;
    if (between) between();
    std::this_thread::sleep_for(nap);
    nap = std::min<std::chrono::microseconds>(nap * 2 + std::chrono::microseconds(10), std::chrono::milliseconds(1));
  }
  int count = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
  bytes.resize(static_cast<std::size_t>(count));
  check(MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, tag, comm.handle, MPI_STATUS_IGNORE), "MPI_Recv");
  return status.MPI_SOURCE;
}

}  // namespace pc::mpi
