// mpi::map in a lone process: no MPI started (a default Comm), both schedules run every item
// here on the OpenMP threads, and a throwing item is an error row.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "mpi/map.hpp"

using namespace pc;

TEST_CASE("map in a lone process runs every item without MPI, in input order") {
  const mpi::Comm alone;
  std::vector<std::int64_t> inputs;
  for (std::int64_t i = 0; i < 5000; ++i) inputs.push_back(i);
  for (mpi::Schedule schedule : {mpi::Schedule::blocks, mpi::Schedule::dynamic}) {
    const auto mapped = mpi::map(alone, inputs,
                                 [](std::int64_t i) {
                                   if (i == 4321) throw std::invalid_argument("no 4321 here");
                                   return 3 * i;
                                 },
                                 {.schedule = schedule});
    REQUIRE(mapped.results.size() == inputs.size());
    for (std::int64_t i = 0; i < 5000; ++i)
      CHECK(mapped.results[static_cast<std::size_t>(i)] == (i == 4321 ? 0 : 3 * i));
    REQUIRE(mapped.errors.size() == 1);
    CHECK(mapped.errors[0].item == 4321);
    CHECK(mapped.errors[0].rank == 0);
    CHECK(mapped.errors[0].message == "no 4321 here");
  }
}
