// A communicator with its rank and size, and the typed collectives parcompute uses.
// Records travel as bytes: they are trivially copyable structs of fixed-width fields.
#pragma once
#include <mpi.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "core/partition.hpp"
#include "mpi/env.hpp"

namespace pc::mpi {

// A default Comm is a lone process (rank 0 of 1): every collective below is then local and
// never calls MPI, so a single process can run the same code without MPI started.
struct Comm {
  MPI_Comm handle = MPI_COMM_WORLD;
  int rank = 0;
  int size = 1;
  static Comm world();
  bool root() const { return rank == 0; }
};

void barrier(const Comm& comm);
// How many ranks of `comm` share this rank's node (MPI_COMM_TYPE_SHARED).
int ranks_on_node(const Comm& comm);
// Collective: whether every rank of `comm` shares this rank's node.
bool on_one_node(const Comm& comm);
double max_over_ranks(const Comm& comm, double value);  // result on every rank

template <class T>
void broadcast(const Comm& comm, T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (comm.size == 1) return;
  check(MPI_Bcast(&value, sizeof(T), MPI_BYTE, 0, comm.handle), "MPI_Bcast");
}
void broadcast(const Comm& comm, std::string& text);

// Every rank's string, on the root in rank order (empty elsewhere).
std::vector<std::string> gather_strings(const Comm& comm, const std::string& mine);

// Scatters the root's `all` in contiguous blocks (core::block_range over ranks).
template <class T>
std::vector<T> scatter_blocks(const Comm& comm, const std::vector<T>& all) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (comm.size == 1) return all;
  std::int64_t n = static_cast<std::int64_t>(all.size());
  broadcast(comm, n);
  const core::Layout layout = core::block_layout(n, comm.size);
  std::vector<int> bytes(layout.counts.size()), displs(layout.displs.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = layout.counts[i] * static_cast<int>(sizeof(T));
    displs[i] = layout.displs[i] * static_cast<int>(sizeof(T));
  }
  std::vector<T> mine(static_cast<std::size_t>(layout.counts[static_cast<std::size_t>(comm.rank)]));
  check(MPI_Scatterv(all.data(), bytes.data(), displs.data(), MPI_BYTE, mine.data(),
                     bytes[static_cast<std::size_t>(comm.rank)], MPI_BYTE, 0, comm.handle),
        "MPI_Scatterv");
  return mine;
}

// Gathers every rank's block to the root, in rank order (empty elsewhere).
template <class T>
std::vector<T> gather_blocks(const Comm& comm, const std::vector<T>& mine) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (comm.size == 1) return mine;
  const int my_bytes = static_cast<int>(mine.size() * sizeof(T));
  std::vector<int> bytes(static_cast<std::size_t>(comm.size)), displs(static_cast<std::size_t>(comm.size));
  check(MPI_Gather(&my_bytes, 1, MPI_INT, bytes.data(), 1, MPI_INT, 0, comm.handle), "MPI_Gather");
  std::int64_t total = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    displs[i] = static_cast<int>(total);
    total += bytes[i];
  }
  std::vector<T> all(comm.root() ? static_cast<std::size_t>(total) / sizeof(T) : 0);
  check(MPI_Gatherv(mine.data(), my_bytes, MPI_BYTE, all.data(), bytes.data(), displs.data(),
                    MPI_BYTE, 0, comm.handle),
        "MPI_Gatherv");
  return all;
}

}  // namespace pc::mpi
