// Scatter/gather of sumsq tasks over the ranks: every result in its own slot, from the rank
// the block partition gives it to, with the exact value.
#include <catch2/catch.hpp>

#include "core/partition.hpp"
#include "kernels/sumsq.hpp"
#include "mpi/comm.hpp"
#include "mpi/sumsq.hpp"
#include "test_comm.hpp"

using namespace pc;

TEST_CASE("sumsq tasks are scattered and gathered in task order") {
  const mpi::Comm comm = test_comm();
  for (std::int64_t tasks : {0, 1, 3, 4, 7, 100}) {
    CAPTURE(tasks, comm.size);
    std::vector<std::uint64_t> sizes;
    if (comm.root())
      for (std::int64_t i = 0; i < tasks; ++i) sizes.push_back(1000 + 37 * static_cast<std::uint64_t>(i));
    const mpi::sumsq::Run run = mpi::sumsq::run(comm, sizes);
    if (!comm.root()) {
      CHECK(run.results.empty());
      continue;
    }
    REQUIRE(run.results.size() == static_cast<std::size_t>(tasks));
    for (std::int64_t i = 0; i < tasks; ++i) {
      const auto& r = run.results[static_cast<std::size_t>(i)];
      CAPTURE(i);
      CHECK(r.size == sizes[static_cast<std::size_t>(i)]);
      CHECK(core::from_words(r.sum_hi, r.sum_lo) == kernels::sumsq::closed_form(r.size));
      CHECK(r.rank == core::block_owner(tasks, comm.size, i));
      CHECK(r.threads >= 1);
    }
    CHECK(run.compute_seconds >= 0);
  }
}

namespace {
struct Record {
  std::int64_t id;
  double value;
  std::int32_t origin;
};
}  // namespace

TEST_CASE("scatter_blocks then gather_blocks returns the root's records unchanged") {
  const mpi::Comm comm = test_comm();
  for (std::int64_t n : {0, 1, 5, 33}) {
    std::vector<Record> all;
    if (comm.root())
      for (std::int64_t i = 0; i < n; ++i) all.push_back({i * 3 + 1, 0.5 * static_cast<double>(i), -1});
    std::vector<Record> mine = mpi::scatter_blocks(comm, all);
    const core::Range range = core::block_range(n, comm.size, comm.rank);
    REQUIRE(static_cast<std::int64_t>(mine.size()) == range.size());
    for (std::size_t j = 0; j < mine.size(); ++j) {
      CHECK(mine[j].id == (range.begin + static_cast<std::int64_t>(j)) * 3 + 1);
      mine[j].origin = comm.rank;
    }
    const std::vector<Record> back = mpi::gather_blocks(comm, mine);
    if (!comm.root()) continue;
    REQUIRE(back.size() == all.size());
    for (std::int64_t i = 0; i < n; ++i) {
      CHECK(back[static_cast<std::size_t>(i)].id == all[static_cast<std::size_t>(i)].id);
      CHECK(back[static_cast<std::size_t>(i)].value == all[static_cast<std::size_t>(i)].value);
      CHECK(back[static_cast<std::size_t>(i)].origin == core::block_owner(n, comm.size, i));
    }
  }
}

TEST_CASE("gather_strings keeps rank order and lengths, broadcast reaches every rank") {
  const mpi::Comm comm = test_comm();
  const std::string mine(static_cast<std::size_t>(comm.rank), static_cast<char>('a' + comm.rank));
  const std::vector<std::string> all = mpi::gather_strings(comm, mine);
  if (comm.root()) {
    REQUIRE(all.size() == static_cast<std::size_t>(comm.size));
    for (int r = 0; r < comm.size; ++r)
      CHECK(all[static_cast<std::size_t>(r)] == std::string(static_cast<std::size_t>(r), static_cast<char>('a' + r)));
  }
  std::string text = comm.root() ? "verdict from rank 0" : "";
  mpi::broadcast(comm, text);
  CHECK(text == "verdict from rank 0");
  CHECK(mpi::max_over_ranks(comm, static_cast<double>(comm.rank)) == static_cast<double>(comm.size - 1));
}
