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
// never calls MPI, so a single process can run the same code without MPI started. Its handle
// is null, so that MPI called on it by mistake fails rather than reaching other processes.
struct Comm {
  MPI_Comm handle = MPI_COMM_NULL;
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
// The MPI type of the element types the typed collectives below take.
template <class T> MPI_Datatype datatype() {
  if constexpr (std::is_same_v<T, double>) return MPI_DOUBLE;
  else if constexpr (std::is_same_v<T, std::int64_t>) return MPI_INT64_T;
  else static_assert(sizeof(T) == 0, "no MPI datatype for this element type");
}

// Collective over `comm`: the largest `value` of any rank, on every rank.
template <class T> T max_over_ranks(const Comm& comm, T value) {
  if (comm.size == 1) return value;
  T out{};
  check(MPI_Allreduce(&value, &out, 1, datatype<T>(), MPI_MAX, comm.handle), "MPI_Allreduce");
  return out;
}

// Collective over `comm`: the root's `count` values at `data` reach every rank's `data`.
template <class T> void broadcast_values(const Comm& comm, T* data, int count) {
  if (comm.size == 1) return;
  check(MPI_Bcast(data, count, datatype<T>(), 0, comm.handle), "MPI_Bcast");
}

// Collective over `comm`: the element-wise sum of every rank's `mine` (all of one length), on
// the root (empty elsewhere). Exact for integers; for floating point only where at most one
// rank holds a nonzero value, since the order of MPI's additions is not fixed.
template <class T> std::vector<T> sum_on_root(const Comm& comm, const std::vector<T>& mine) {
  if (comm.size == 1) return mine;
  std::vector<T> all(comm.root() ? mine.size() : 0);
  check(MPI_Reduce(mine.data(), comm.root() ? all.data() : nullptr, static_cast<int>(mine.size()), datatype<T>(),
                   MPI_SUM, 0, comm.handle),
        "MPI_Reduce");
  return all;
}

// `bytes` as an MPI count; throws core::Error above 2 GiB instead of wrapping.
int message_count(std::int64_t bytes);

template <class T> void broadcast(const Comm& comm, T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (comm.size == 1) return;
  check(MPI_Bcast(&value, sizeof(T), MPI_BYTE, 0, comm.handle), "MPI_Bcast");
}
// The root's bytes (a std::string or a vector of one-byte elements), resized to fit, on
// every rank. A message is at most 2 GiB (MPI counts are ints); more is an error.
template <class Bytes> void broadcast_bytes(const Comm& comm, Bytes& bytes) {
  static_assert(sizeof(typename Bytes::value_type) == 1);
  if (comm.size == 1) return;
  std::int64_t len = static_cast<std::int64_t>(bytes.size());
  broadcast(comm, len);
  bytes.resize(static_cast<std::size_t>(len));
  check(MPI_Bcast(bytes.data(), message_count(len), MPI_BYTE, 0, comm.handle), "MPI_Bcast");
}
inline void broadcast(const Comm& comm, std::string& text) { broadcast_bytes(comm, text); }

// Every rank's string, on the root in rank order (empty elsewhere).
std::vector<std::string> gather_strings(const Comm& comm, const std::string& mine);

// Scatters the root's `all` in contiguous blocks (core::block_range over ranks).
template <class T> std::vector<T> scatter_blocks(const Comm& comm, const std::vector<T>& all) {
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

// Collective over `comm`: every rank's `mine` (all of one length), on every rank in rank order.
template <class T> std::vector<T> gather_to_all(const Comm& comm, const std::vector<T>& mine) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (comm.size == 1) return mine;
  std::vector<T> all(mine.size() * static_cast<std::size_t>(comm.size));
  const int bytes = static_cast<int>(mine.size() * sizeof(T));
  check(MPI_Allgather(mine.data(), bytes, MPI_BYTE, all.data(), bytes, MPI_BYTE, comm.handle), "MPI_Allgather");
  return all;
}

// Gathers every rank's block to the root, in rank order (empty elsewhere).
template <class T> std::vector<T> gather_blocks(const Comm& comm, const std::vector<T>& mine) {
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
  check(MPI_Gatherv(mine.data(), my_bytes, MPI_BYTE, all.data(), bytes.data(), displs.data(), MPI_BYTE, 0, comm.handle),
        "MPI_Gatherv");
  return all;
}

}  // namespace pc::mpi
