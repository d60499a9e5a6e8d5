// The URL share and the row gather over 1-4 ranks (and alone): every URL fetched by exactly
// one rank, rows back on rank 0 in list order with the rank that fetched each.
#include <catch2/catch.hpp>

#include "jobs/fetch/share.hpp"
#include "test_comm.hpp"

using namespace pc;

TEST_CASE("every URL goes to one rank and its row comes back in list order") {
  const mpi::Comm comm = test_comm();
  for (int n : {0, 1, 5, 97}) {
    CAPTURE(n, comm.size);
    std::vector<std::string> urls;
    if (comm.root())
      for (int i = 0; i < n; ++i) urls.push_back("http://host" + std::to_string(i % 3) + ".test/" + std::to_string(i));
    const std::vector<std::string> list = urls;
    const jobs::UrlShare share = jobs::share_urls(comm, std::move(urls));
    REQUIRE(share.mine.size() == share.my_urls.size());
    // Stand-in rows: each rank "fetches" its URLs, recording which rank it is.
    std::vector<io::FetchRow> mine;
    for (std::size_t k = 0; k < share.my_urls.size(); ++k) {
      io::FetchRow r;
      r.url = share.my_urls[k];
      r.bytes = share.mine[k];  // the position the rank was given, to check against the list
      r.status = 200 + comm.rank;
      mine.push_back(r);
    }
    const std::vector<io::FetchRow> rows = jobs::gather_rows(comm, share, std::move(mine));
    if (!comm.root()) {
      CHECK(rows.empty());
      continue;
    }
    REQUIRE(rows.size() == static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const io::FetchRow& r = rows[static_cast<std::size_t>(i)];
      CHECK(r.url == list[static_cast<std::size_t>(i)]);
      CHECK(r.bytes == i);
      CHECK(r.rank == r.status - 200);  // gather_rows records the rank that fetched it
    }
  }
}
