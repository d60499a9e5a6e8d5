// `parcompute inspect` as a library call: what a results file holds (provenance, groups,
// columns as tables, a farm's summary), or what a farm's journal holds while it runs or
// after it was killed, read without writing anything.
#pragma once
#include <cstddef>
#include <string>

namespace pc::inspect {

// The listing of `path` (a results file, or a farm's journal or the results file it will
// become). A file that is missing, not parcompute's or damaged throws core::UsageError with
// one line; HDF5 reads the file in a child process, which gets `timeout_seconds`.
std::string listing(const std::string& path, std::size_t rows, int timeout_seconds);

}  // namespace pc::inspect
