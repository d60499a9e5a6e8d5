// Unlimited maximum size only so that any chunk size is allowed (also for an empty dataset).
#include "io/h5_bytes.hpp"

#include <algorithm>

namespace pc::io::h5 {

ByteColumn::ByteColumn(const Location& where, const std::string& name, hsize_t size, hsize_t chunk_bytes) {
  const hsize_t dims[1] = {size};
  const hsize_t maxdims[1] = {H5S_UNLIMITED};
  const Space space{check_id(H5Screate_simple(1, dims, maxdims), "H5Screate_simple"), H5Sclose};
  const PropList create = PropList::create(H5P_DATASET_CREATE);
  const hsize_t chunk[1] = {std::max<hsize_t>(1, std::min(size, chunk_bytes))};
  check(H5Pset_chunk(create.id(), 1, chunk), "H5Pset_chunk");
  dataset_ = Dataset{check_id(H5Dcreate2(where.id(), name.c_str(), H5T_NATIVE_UINT8, space.id(), H5P_DEFAULT,
                                         create.id(), H5P_DEFAULT),
                              "H5Dcreate2"),
                     H5Dclose};
}

void ByteColumn::write(hsize_t offset, const void* data, std::size_t n) const {
  if (n == 0) return;
  const hsize_t start[1] = {offset};
  const hsize_t count[1] = {n};
  const Space file{check_id(H5Dget_space(dataset_.id()), "H5Dget_space"), H5Sclose};
  check(H5Sselect_hyperslab(file.id(), H5S_SELECT_SET, start, nullptr, count, nullptr), "H5Sselect_hyperslab");
  const Space memory{check_id(H5Screate_simple(1, count, nullptr), "H5Screate_simple"), H5Sclose};
  check(H5Dwrite(dataset_.id(), H5T_NATIVE_UINT8, memory.id(), file.id(), H5P_DEFAULT, data), "H5Dwrite");
}

}  // namespace pc::io::h5
