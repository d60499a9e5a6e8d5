// The MPI drivers give the same checksum bit for bit as the single-process OpenMP driver,
// whatever the number of ranks, including sizes that do not divide evenly and a lone process
// without MPI (the same tests in pc_unit_tests).
#include <omp.h>
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "mpi/dgemm.hpp"
#include "mpi/mandelbrot.hpp"
#include "mpi/nstream.hpp"
#include "mpi/stencil.hpp"
#include "mpi/transpose.hpp"
#include "omp/dgemm.hpp"
#include "omp/mandelbrot.hpp"
#include "omp/nstream.hpp"
#include "omp/stencil.hpp"
#include "omp/transpose.hpp"
#include "test_comm.hpp"

using namespace pc;

TEST_CASE("nstream over ranks equals the OpenMP driver bit for bit") {
  const mpi::Comm comm = test_comm();
  for (std::int64_t n : {std::int64_t{5}, kernels::nstream::kBlock * 3 + 1, std::int64_t{100003}}) {
    CAPTURE(n, comm.size);
    const kernels::nstream::Params p{n, 2, 3.0};
    const mpi::KernelResult r = mpi::nstream::run(comm, p);
    CHECK(r.seconds.size() == 2);
    if (!comm.root()) continue;
    CHECK(r.validation.ok);
    CHECK(r.validation.value == omp::nstream::run(p));
    CHECK(r.work == 32.0 * static_cast<double>(n));
  }
}

TEST_CASE("mandelbrot over ranks, static and dynamic, equals the OpenMP driver row by row") {
  const mpi::Comm comm = test_comm();
  for (std::int64_t n : {std::int64_t{3}, std::int64_t{61}}) {
    for (auto s : {omp::mandelbrot::Schedule::fixed, omp::mandelbrot::Schedule::dynamic}) {
      CAPTURE(n, comm.size, static_cast<int>(s));
      const kernels::mandelbrot::Params p{n, 2, 300, -2.0, 0.5, -1.25, 1.25};
      const mpi::mandelbrot::Result r = mpi::mandelbrot::run(comm, p, s);
      if (!comm.root()) continue;
      CHECK(r.validation.ok);
      CHECK(r.row_sums == omp::mandelbrot::run(p, s));
    }
  }
}

TEST_CASE("stencil over a 2-D grid of ranks equals the OpenMP driver bit for bit") {
  const mpi::Comm comm = test_comm();
  for (int radius : {1, 2, 4}) {
    for (std::int64_t n : {std::int64_t{41}, std::int64_t{203}}) {
      CAPTURE(radius, n, comm.size);
      const kernels::stencil::Params p{n, radius, 3};
      const mpi::KernelResult r = mpi::stencil::run(comm, p);
      if (!comm.root()) continue;
      CHECK(r.validation.ok);
      CHECK(r.validation.value == omp::stencil::run(p));
    }
  }
}

TEST_CASE("stencil refuses blocks thinner than the radius, on every rank alike") {
  const mpi::Comm comm = test_comm();
  // 4 interior rows at radius 4: over 3 rank rows (3 ranks) the middle block has 1 row. With
  // 1, 2 or 4 ranks (1 or 2 rank rows) the boundary rows make every block thick enough.
  const kernels::stencil::Params p{12, 4, 1};
  if (comm.size == 3) {
    CHECK_THROWS_WITH(mpi::stencil::run(comm, p), Catch::Contains("thinner than the radius 4"));
  } else {
    const mpi::KernelResult r = mpi::stencil::run(comm, p);
    if (comm.root()) CHECK(r.validation.value == omp::stencil::run(p));
  }
}

TEST_CASE("transpose over ranks, all-to-all and shared window, equals the OpenMP driver element by element") {
  using mpi::transpose::Exchange;
  const mpi::Comm comm = test_comm();
  const int before = omp_get_max_threads();
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    for (std::int64_t n : {std::int64_t{2}, std::int64_t{7}, std::int64_t{130}}) {
      for (std::int64_t tile : {std::int64_t{1}, std::int64_t{16}}) {
        const kernels::transpose::Params p{n, tile, 2};
        const double threaded = omp::transpose::run(p).value;
        for (Exchange e : {Exchange::alltoall, Exchange::shared}) {
          CAPTURE(threads, n, tile, comm.size, mpi::transpose::name(e));
          const mpi::KernelResult r = mpi::transpose::run(comm, p, e, true);
          REQUIRE(r.field);
          const core::Range mine = core::block_range(n, comm.size, comm.rank);
          std::int64_t wrong = 0;  // every element of this rank's rows of B, exactly
          for (std::int64_t i = mine.begin; i < mine.end; ++i)
            for (std::int64_t j = 0; j < n; ++j)
              wrong += r.field->data[static_cast<std::size_t>((i - mine.begin) * n + j)] !=
                       kernels::transpose::expected_b(n, i, j, 3);
          CHECK(wrong == 0);
          if (!comm.root()) continue;
          CHECK(r.validation.ok);
          CHECK(r.validation.value == threaded);
        }
      }
    }
  }
  omp_set_num_threads(before);
}

TEST_CASE("transpose's exchange: auto is shared on one node, and shared across nodes is a usage error") {
  using mpi::transpose::Exchange;
  using mpi::transpose::resolve;
  const mpi::Comm comm = test_comm();
  CHECK(mpi::on_one_node(comm));  // mpiexec on this one machine
  CHECK(resolve(Exchange::automatic, true, 2) == Exchange::shared);
  CHECK(resolve(Exchange::automatic, false, 2) == Exchange::alltoall);
  CHECK(resolve(Exchange::alltoall, true, 2) == Exchange::alltoall);
  CHECK(resolve(Exchange::shared, true, 2) == Exchange::shared);
  CHECK_THROWS_AS(resolve(Exchange::shared, false, 3), core::UsageError);
  CHECK_THROWS_WITH(resolve(Exchange::shared, false, 3),
                    Catch::Contains("--exchange: 'shared' needs every rank on one node") && Catch::Contains("3 ranks"));
}

TEST_CASE("dgemm over row blocks with B broadcast equals the OpenMP driver bit for bit") {
  const mpi::Comm comm = test_comm();
  for (std::int64_t n : {std::int64_t{3}, std::int64_t{77}, std::int64_t{300}}) {
    CAPTURE(n, comm.size);
    const kernels::dgemm::Params p{n, 1};
    const mpi::KernelResult r = mpi::dgemm::run(comm, p);
    if (!comm.root()) continue;
    CHECK(r.validation.ok);
    CHECK(r.validation.value == omp::dgemm::run(p).value);
  }
}
