// --store-bodies: every rank's spooled bodies written by rank 0 into one chunked byte dataset
// of the results file, each at the offset of its row in input order, streamed in pieces so
// that no rank holds more than one piece at a time.
#pragma once
#include <cstdint>
#include <vector>

#include "fetch/body_spool.hpp"
#include "fetch/fetch.hpp"
#include "io/h5.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

struct BodyRef {
  std::int64_t index;   // row, in input order
  std::int64_t offset;  // in this rank's spool
  std::int64_t length;
};

// This rank's bodies, in the order of its rows (`positions` are the rows' input indices).
std::vector<BodyRef> body_refs(const std::vector<std::int64_t>& positions, const std::vector<io::FetchRow>& mine);

// Collective. On rank 0, `group` and `rows` (all rows, input order) are used: it writes
// `bodies` (uint8), `body_offset` and `body_length` (int64 per row) into `group`. Other
// ranks send their bodies and ignore both.
void store_bodies(const mpi::Comm& comm, io::BodySpool& spool, const std::vector<BodyRef>& mine,
                  const io::h5::Location* group, const std::vector<io::FetchRow>* rows);

}  // namespace pc::jobs
