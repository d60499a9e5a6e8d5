// A URL list shared over MPI ranks: rank 0's list reaches every rank, each rank gets a
// balanced block of it (hosts kept together where the counts allow), and the rows come back
// to rank 0 in input order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "io/fetch.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

struct UrlShare {
  std::vector<std::string> all;      // every URL, on every rank
  std::vector<std::int64_t> mine;    // indices into `all` this rank fetches
  std::vector<std::string> my_urls;  // all[mine[i]]
};

// Collective: `urls` matters on rank 0 only.
UrlShare share_urls(const mpi::Comm& comm, const std::vector<std::string>& urls);

// Collective: every rank's rows (for share.mine) on rank 0, in the order of share.all;
// empty elsewhere.
std::vector<io::FetchRow> gather_rows(const mpi::Comm& comm, const UrlShare& share,
                                      const std::vector<io::FetchRow>& mine);

}  // namespace pc::jobs
