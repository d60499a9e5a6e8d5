// Non-template collectives.
#include "mpi/comm.hpp"

#include <limits>

#include "core/error.hpp"

namespace pc::mpi {

Comm Comm::world() {
  Comm c;
  c.handle = MPI_COMM_WORLD;
  check(MPI_Comm_rank(MPI_COMM_WORLD, &c.rank), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &c.size), "MPI_Comm_size");
  return c;
}

void barrier(const Comm& comm) {
  if (comm.size > 1) check(MPI_Barrier(comm.handle), "MPI_Barrier");
}

int ranks_on_node(const Comm& comm) {
  if (comm.size == 1) return 1;
  MPI_Comm node;
  check(MPI_Comm_split_type(comm.handle, MPI_COMM_TYPE_SHARED, comm.rank, MPI_INFO_NULL, &node), "MPI_Comm_split_type");
  int size = 1;
  const int rc = MPI_Comm_size(node, &size);
  MPI_Comm_free(&node);
  check(rc, "MPI_Comm_size");
  return size;
}

bool on_one_node(const Comm& comm) { return ranks_on_node(comm) == comm.size; }

int message_count(std::int64_t bytes) {
  if (bytes > std::numeric_limits<int>::max())
    throw core::Error("MPI: " + std::to_string(bytes) +
                      " bytes in one message (at most 2 GiB: use more ranks or "
                      "smaller pieces)");
  return static_cast<int>(bytes);
}

std::vector<std::string> gather_strings(const Comm& comm, const std::string& mine) {
  if (comm.size == 1) return {mine};
  const std::vector<char> bytes(mine.begin(), mine.end());
  std::vector<std::int64_t> len{static_cast<std::int64_t>(mine.size())};
  const std::vector<std::int64_t> lens = gather_blocks(comm, len);
  const std::vector<char> all = gather_blocks(comm, bytes);
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::int64_t l : lens) {
    out.emplace_back(all.data() + at, static_cast<std::size_t>(l));
    at += static_cast<std::size_t>(l);
  }
  return out;
}

}  // namespace pc::mpi
