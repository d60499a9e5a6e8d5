// A 1-D chunked byte dataset written piece by piece: many bodies in one dataset, each at its
// own offset, without ever holding them all in memory.
#pragma once
#include <cstddef>
#include <string>

#include "io/h5.hpp"

namespace pc::io::h5 {

class ByteColumn {
 public:
  ByteColumn(const Location& where, const std::string& name, hsize_t size, hsize_t chunk_bytes);
  // Writes data[0, n) at `offset` (offset + n <= size).
  void write(hsize_t offset, const void* data, std::size_t n) const;

 private:
  Dataset dataset_;
};

}  // namespace pc::io::h5
