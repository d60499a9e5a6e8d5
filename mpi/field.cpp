// Rows of each rank's block are written in slabs below kMaxWriteBytes. A collective write
// needs every rank in every call, so ranks with fewer slabs join the last calls with an
// empty selection.
#include "mpi/field.hpp"

#include <algorithm>

#include "io/h5.hpp"

namespace pc::mpi {

namespace h5 = io::h5;

void write_field(const Comm& comm, const std::string& path, const std::string& group, const std::string& name,
                 const Field& field, std::size_t max_write_bytes) {
  h5::PropList fapl = h5::PropList::create(H5P_FILE_ACCESS);
  h5::check(H5Pset_fapl_mpio(fapl.id(), comm.handle, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  const h5::File file{h5::check_id(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.id()), "H5Fopen"), H5Fclose};
  const h5::Group g = file.open_group(group);

  const hsize_t rows = field.dims[0], cols = field.dims[1];
  h5::PropList dcpl = h5::PropList::create(H5P_DATASET_CREATE);
  if (rows > 0 && cols > 0) {
    // About 2 MiB per chunk: whole rows where they fit.
    const hsize_t chunk_cols = std::min<hsize_t>(cols, 1 << 18);
    const hsize_t chunk_rows = std::clamp<hsize_t>((hsize_t{1} << 18) / chunk_cols, 1, rows);
    const hsize_t chunk[2] = {chunk_rows, chunk_cols};
    h5::check(H5Pset_chunk(dcpl.id(), 2, chunk), "H5Pset_chunk");
  }
  h5::check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER), "H5Pset_fill_time");
  const h5::Space file_space = h5::Space::simple(field.dims);
  const h5::Dataset d{h5::check_id(H5Dcreate2(g.id(), name.c_str(), H5T_NATIVE_DOUBLE, file_space.id(), H5P_DEFAULT,
                                              dcpl.id(), H5P_DEFAULT),
                                   "H5Dcreate2"),
                      H5Dclose};
  h5::PropList xfer = h5::PropList::create(H5P_DATASET_XFER);
  h5::check(H5Pset_dxpl_mpio(xfer.id(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");

  const hsize_t my_rows = field.count[0], my_cols = field.count[1];
  const hsize_t row_bytes = std::max<hsize_t>(1, my_cols * sizeof(double));
  const hsize_t slab_rows = std::max<hsize_t>(1, max_write_bytes / row_bytes);
  const hsize_t my_slabs = my_rows == 0 || my_cols == 0 ? 0 : (my_rows + slab_rows - 1) / slab_rows;
  std::int64_t slabs = static_cast<std::int64_t>(my_slabs);
  check(MPI_Allreduce(MPI_IN_PLACE, &slabs, 1, MPI_INT64_T, MPI_MAX, comm.handle), "MPI_Allreduce");
  const h5::Space space = d.space();
  for (std::int64_t s = 0; s < slabs; ++s) {
    const hsize_t first = static_cast<hsize_t>(s) * slab_rows;
    const hsize_t n = first < my_rows ? std::min(slab_rows, my_rows - first) : 0;
    const hsize_t start[2] = {field.offset[0] + first, field.offset[1]};
    const hsize_t count[2] = {n, my_cols};
    const h5::Space mem = h5::Space::simple({std::max<hsize_t>(n, 1) * std::max<hsize_t>(my_cols, 1)});
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
}

}  // namespace pc::mpi
