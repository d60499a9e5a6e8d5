// Rows of each rank's block are written in slabs below kMaxWriteBytes. A collective write
// needs every rank in every call, so ranks with fewer slabs join the last calls with an
// empty selection. A lone process writes the same slabs through the plain (sec2) driver,
// as MPI-IO would need MPI started.
#include "mpi/field.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "io/h5.hpp"

namespace pc::mpi {

namespace h5 = io::h5;

namespace {

// Chunks of at most 2 MiB whose edges fall on the edges between ranks' blocks where that
// is possible, so each chunk is written by one rank alone: a chunk shared by two ranks makes
// the collective write exchange and merge it (here 2.5-4 s instead of 0.4 s for 1 GiB).
std::vector<hsize_t> chunk_shape(const Comm& comm, const Field& field) {
  const std::vector<std::uint64_t> mine = {field.offset[0], field.offset[0] + field.count[0], field.offset[1],
                                           field.offset[1] + field.count[1]};
  const std::vector<std::uint64_t> all = gather_to_all(comm, mine);
  // Per dimension, the common divisor of the edges inside the array (0 when there are none).
  hsize_t step[2] = {0, 0};
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::size_t dim = (i % 4) / 2;
    if (all[i] > 0 && all[i] < field.dims[dim]) step[dim] = std::gcd(step[dim], all[i]);
  }
  constexpr hsize_t kMost = hsize_t{1} << 18;   // elements: 2 MiB of doubles
  constexpr hsize_t kLeast = hsize_t{1} << 13;  // below 64 KiB, per-chunk costs dominate
  // The largest divisor of `s` (the whole extent when s == 0) that is at most `limit`.
  auto fit = [](hsize_t s, hsize_t extent, hsize_t limit) {
    const hsize_t whole = s == 0 ? extent : s;
    for (hsize_t d = std::min(whole, std::max<hsize_t>(limit, 1)); d > 1; --d)
      if (whole % d == 0) return d;
    return hsize_t{1};
  };
  const hsize_t c = fit(step[1], field.dims[1], kMost);
  const hsize_t r = fit(step[0], field.dims[0], kMost / c);
  if (r * c >= kLeast || (r == field.dims[0] && c == field.dims[1])) return {r, c};
  // No aligned shape of a useful size: about 2 MiB of whole rows, shared where they must be.
  const hsize_t cc = std::min<hsize_t>(field.dims[1], kMost);
  return {std::clamp<hsize_t>(kMost / cc, 1, field.dims[0]), cc};
}

}  // namespace

void write_field(const Comm& comm, const std::string& path, const std::string& group, const std::string& name,
                 const Field& field, std::size_t max_write_bytes) noexcept {
  const bool alone = comm.size == 1;
  h5::PropList fapl = h5::PropList::create(H5P_FILE_ACCESS);
  if (alone) h5::check(H5Pset_fapl_sec2(fapl.id()), "H5Pset_fapl_sec2");
  else h5::check(H5Pset_fapl_mpio(fapl.id(), comm.handle, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  h5::File file{h5::check_id(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.id()), "H5Fopen"), H5Fclose};
  h5::Group g = file.open_group(group);

  const hsize_t rows = field.dims[0], cols = field.dims[1];
  h5::PropList dcpl = h5::PropList::create(H5P_DATASET_CREATE);
  if (rows > 0 && cols > 0) {
    const std::vector<hsize_t> chunk = chunk_shape(comm, field);
    h5::check(H5Pset_chunk(dcpl.id(), 2, chunk.data()), "H5Pset_chunk");
  }
  h5::check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER), "H5Pset_fill_time");
  const h5::Space file_space = h5::Space::simple({rows, cols});
  h5::Dataset d{h5::check_id(H5Dcreate2(g.id(), name.c_str(), H5T_NATIVE_DOUBLE, file_space.id(), H5P_DEFAULT,
                                        dcpl.id(), H5P_DEFAULT),
                             "H5Dcreate2"),
                H5Dclose};
  h5::PropList xfer = h5::PropList::create(H5P_DATASET_XFER);
  if (!alone) h5::check(H5Pset_dxpl_mpio(xfer.id(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");

  const hsize_t my_rows = field.count[0], my_cols = field.count[1];
  const hsize_t row_bytes = std::max<hsize_t>(1, my_cols * sizeof(double));
  const hsize_t slab_rows = std::max<hsize_t>(1, max_write_bytes / row_bytes);
  const hsize_t my_slabs = my_rows == 0 || my_cols == 0 ? 0 : (my_rows + slab_rows - 1) / slab_rows;
  const std::int64_t slabs = max_over_ranks(comm, static_cast<std::int64_t>(my_slabs));
  const h5::Space space = d.space();
  for (std::int64_t s = 0; s < slabs; ++s) {
    const hsize_t first = static_cast<hsize_t>(s) * slab_rows;
    const hsize_t n = first < my_rows ? std::min(slab_rows, my_rows - first) : 0;
    const hsize_t start[2] = {field.offset[0] + first, field.offset[1]};
    const hsize_t count[2] = {n, my_cols};
    // The memory space has the block's own 2-D shape: a 1-D one makes HDF5 map the
    // selection element by element (ten times slower than the disk).
    const h5::Space mem = h5::Space::simple({std::max<hsize_t>(n, 1), std::max<hsize_t>(my_cols, 1)});
    if (n == 0) {
      h5::check(H5Sselect_none(space.id()), "H5Sselect_none");
      h5::check(H5Sselect_none(mem.id()), "H5Sselect_none");
    } else {
      h5::check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, start, nullptr, count, nullptr), "H5Sselect_hyperslab");
    }
    static const double nothing = 0;  // a rank with nothing to write still passes a buffer
    const double* data = n == 0 ? &nothing : field.data.data() + first * my_cols;
    h5::check(H5Dwrite(d.id(), H5T_NATIVE_DOUBLE, mem.id(), space.id(), xfer.id(), data), "H5Dwrite");
  }
  // Closed in order and checked: the metadata is written at the file's close, and a failure
  // there must end the run, not pass unseen.
  d.close();
  g.close();
  file.close();
}

}  // namespace pc::mpi
