// mpi::map under 1-4 ranks: every result in input order with the exact value, from the rank
// the schedule gives it to; a throwing item is an error row; a float sum is bit-identical.
#include <catch2/catch.hpp>

#include <omp.h>

#include <cmath>
#include <stdexcept>

#include "core/ordered_sum.hpp"
#include "core/partition.hpp"
#include "mpi/map.hpp"

using namespace pc;

namespace {

struct Square {
  std::int64_t value;
  int rank;
};

// Work that grows with the item, so ranks and threads finish their items at different times.
std::int64_t uneven_square(std::int64_t i) {
  volatile std::int64_t spin = 0;
  for (std::int64_t k = 0; k < (i % 17) * 2000; ++k) spin = spin + 1;
  return i * i + spin - spin;
}

std::vector<std::int64_t> iota(const mpi::Comm& comm, std::int64_t n) {
  std::vector<std::int64_t> v;
  if (comm.root())
    for (std::int64_t i = 0; i < n; ++i) v.push_back(i);
  return v;
}

}  // namespace

TEST_CASE("map returns every result in input order, from the rank its schedule chose") {
  const mpi::Comm comm = mpi::Comm::world();
  for (mpi::Schedule schedule : {mpi::Schedule::blocks, mpi::Schedule::dynamic}) {
    for (std::int64_t n : {0, 1, 5, 1000}) {
      CAPTURE(static_cast<int>(schedule), n, comm.size);
      const auto mapped = mpi::map(comm, iota(comm, n),
                                   [&](std::int64_t i) {
                                     return Square{uneven_square(i), comm.rank};
                                   },
                                   {.schedule = schedule});
      CHECK(mapped.ok());
      if (!comm.root()) {
        CHECK(mapped.results.empty());
        continue;
      }
      REQUIRE(mapped.results.size() == static_cast<std::size_t>(n));
      std::vector<int> ran(static_cast<std::size_t>(comm.size), 0);
      for (std::int64_t i = 0; i < n; ++i) {
        const Square& s = mapped.results[static_cast<std::size_t>(i)];
        CHECK(s.value == i * i);
        ++ran[static_cast<std::size_t>(s.rank)];
        if (schedule == mpi::Schedule::blocks) CHECK(s.rank == core::block_owner(n, comm.size, i));
      }
      // Under the dynamic schedule rank 0 only hands out work, unless it is alone.
      if (schedule == mpi::Schedule::dynamic && comm.size > 1) CHECK(ran[0] == 0);
    }
  }
}

TEST_CASE("a throwing item is an error naming the item, its rank and its message") {
  const mpi::Comm comm = mpi::Comm::world();
  for (mpi::Schedule schedule : {mpi::Schedule::blocks, mpi::Schedule::dynamic}) {
    CAPTURE(static_cast<int>(schedule), comm.size);
    const std::int64_t n = 100;
    const auto mapped = mpi::map(comm, iota(comm, n),
                                 [](std::int64_t i) {
                                   if (i % 10 == 3)
                                     throw std::runtime_error("item " + std::to_string(i) + " is unlucky");
                                   return i + 1;
                                 },
                                 {.schedule = schedule, .results_on_every_rank = true});
    // Asked for everywhere: every rank has the same answer.
    REQUIRE(mapped.results.size() == static_cast<std::size_t>(n));
    REQUIRE(mapped.errors.size() == 10);
    for (std::size_t k = 0; k < mapped.errors.size(); ++k) {
      const mpi::ItemError& e = mapped.errors[k];
      CHECK(e.item == static_cast<std::int64_t>(10 * k + 3));
      CHECK(e.message == "item " + std::to_string(e.item) + " is unlucky");
      if (schedule == mpi::Schedule::blocks) CHECK(e.rank == core::block_owner(n, comm.size, e.item));
      else CHECK((comm.size == 1 || e.rank != 0));
      CHECK(mapped.results[static_cast<std::size_t>(e.item)] == 0);  // a failed item's result is Out{}
    }
    for (std::int64_t i = 0; i < n; ++i)
      if (i % 10 != 3) CHECK(mapped.results[static_cast<std::size_t>(i)] == i + 1);
  }
}

TEST_CASE("a float sum over map's results has the same bits for any ranks, threads and schedule") {
  const mpi::Comm comm = mpi::Comm::world();
  const std::int64_t n = 20001;
  // The reference: item by item, in input order, on one thread of one process.
  std::vector<double> serial;
  for (std::int64_t i = 0; i < n; ++i) serial.push_back(std::sin(static_cast<double>(i)) / static_cast<double>(i + 1));
  const double expected = core::ordered_sum(serial);
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    for (mpi::Schedule schedule : {mpi::Schedule::blocks, mpi::Schedule::dynamic}) {
      for (std::int64_t chunk : {std::int64_t{0}, std::int64_t{1001}}) {
        CAPTURE(threads, static_cast<int>(schedule), chunk, comm.size);
        const auto mapped =
            mpi::map(comm, iota(comm, n),
                     [](std::int64_t i) { return std::sin(static_cast<double>(i)) / static_cast<double>(i + 1); },
                     {.schedule = schedule, .chunk = chunk});
        if (comm.root()) CHECK(core::ordered_sum(mapped.results) == expected);  // exactly, not approximately
      }
    }
  }
  omp_set_num_threads(1);
}
