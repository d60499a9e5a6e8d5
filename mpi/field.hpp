// Writes a distributed 2-D field into a results file with parallel HDF5: every rank opens
// the file with MPI-IO and writes its own block collectively into one chunked dataset (a
// lone process, without MPI, writes the same dataset with plain HDF5).
#pragma once
#include <string>

#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::mpi {

// Largest number of bytes one H5Dwrite call is given: HDF5 1.10 fails an independent write
// of 2 GiB or more, so every write stays below that.
inline constexpr std::size_t kMaxWriteBytes = std::size_t{1} << 30;

// Collective over `comm`. `path` must exist (closed by its writer) and hold `group`. Each
// rank's block goes out in slabs of whole rows of at most `max_write_bytes` (at least one row).
// noexcept: a failure on one rank (a full disk) ends the job at once through std::terminate
// and mpi::abort (route_terminate_to_abort), without unwinding: unwinding would close the
// file, the dataset and the group, which are collective calls the other ranks never join,
// and they would wait forever.
void write_field(const Comm& comm, const std::string& path, const std::string& group, const std::string& name,
                 const Field& field, std::size_t max_write_bytes = kMaxWriteBytes) noexcept;

}  // namespace pc::mpi
