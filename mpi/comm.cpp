// Non-template collectives.
#include "mpi/comm.hpp"

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

void broadcast(const Comm& comm, std::string& text) {
  if (comm.size == 1) return;
  std::int64_t len = static_cast<std::int64_t>(text.size());
  broadcast(comm, len);
  text.resize(static_cast<std::size_t>(len));
  check(MPI_Bcast(text.data(), static_cast<int>(len), MPI_CHAR, 0, comm.handle), "MPI_Bcast");
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
