// A URL list shared over MPI ranks: rank 0's list reaches every rank, each rank gets a
// balanced block of it (hosts kept together where the counts allow), and the rows come back
// to rank 0 in input order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "fetch/fetch.hpp"
#include "mpi/comm.hpp"

namespace pc::jobs {

struct UrlShare {
  std::vector<std::int64_t> mine;    // positions in rank 0's list of the URLs this rank fetches
  std::vector<std::string> my_urls;  // those URLs
};

// Collective: `urls` matters on rank 0 only. Only a rank's own share stays in memory.
UrlShare share_urls(const mpi::Comm& comm, std::vector<std::string> urls);

// Collective: every rank's rows (for share.mine) on rank 0, in the order of rank 0's list;
// empty elsewhere.
std::vector<io::FetchRow> gather_rows(const mpi::Comm& comm, const UrlShare& share, std::vector<io::FetchRow> mine);

}  // namespace pc::jobs
