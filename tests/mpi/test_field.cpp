// Parallel HDF5 field writes: every rank's block lands at its offset, also when the blocks
// are written in many slabs and ranks have different numbers of slabs (or none), and a lone
// process without MPI writes the same dataset through the plain HDF5 driver.
#include <catch2/catch.hpp>

#include <cstdio>

#include "io/h5.hpp"
#include "mpi/field.hpp"
#include "test_comm.hpp"

using namespace pc;

namespace {
double value(hsize_t i, hsize_t j) { return static_cast<double>(i * 1000 + j) + 0.25; }
}  // namespace

TEST_CASE("write_field assembles the ranks' row blocks into one dataset") {
  const mpi::Comm comm = test_comm();
  std::string path = "/tmp/pc-field-test-" + std::to_string(::getpid()) + ".h5";
  mpi::broadcast(comm, path);
  for (std::size_t slab_bytes : {std::size_t{1} << 30, std::size_t{64}, std::size_t{1}}) {
    for (hsize_t rows : {hsize_t{0}, hsize_t{1}, hsize_t{13}}) {
      CAPTURE(slab_bytes, rows, comm.size);
      const hsize_t cols = 5;
      if (comm.root()) {
        std::remove(path.c_str());  // created exclusively
        const io::h5::File f = io::h5::File::create(path);
        f.create_group("g");
      }
      mpi::barrier(comm);
      // Rank r holds rows block_range(rows, size, r): uneven, and empty for some ranks.
      const core::Range mine = core::block_range(static_cast<std::int64_t>(rows), comm.size, comm.rank);
      mpi::Field field{{rows, cols},
                       {static_cast<hsize_t>(mine.begin), 0},
                       {static_cast<hsize_t>(mine.size()), cols},
                       core::Buffer<double>(static_cast<std::size_t>(mine.size()) * cols)};
      for (hsize_t i = 0; i < static_cast<hsize_t>(mine.size()); ++i)
        for (hsize_t j = 0; j < cols; ++j) field.data[i * cols + j] = value(mine.begin + i, j);
      mpi::write_field(comm, path, "g", "x", field, slab_bytes);
      mpi::barrier(comm);
      if (comm.root()) {
        const io::h5::File f = io::h5::File::open_readonly(path);
        const io::h5::Group g = f.open_group("g");
        CHECK(g.open_dataset("x").dims() == std::vector<hsize_t>{rows, cols});
        const std::vector<double> all = g.read<double>("x");
        REQUIRE(all.size() == rows * cols);
        for (hsize_t i = 0; i < rows; ++i)
          for (hsize_t j = 0; j < cols; ++j) CHECK(all[i * cols + j] == value(i, j));
      }
      mpi::barrier(comm);
    }
  }
  if (comm.root()) std::remove(path.c_str());
}
