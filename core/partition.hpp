// Block partition of n items over p parts: part i gets a contiguous range, sizes differ by
// at most one, the larger parts first. Used for tasks over ranks and blocks over threads.
#pragma once
#include <cstdint>
#include <vector>

namespace pc::core {

struct Range {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t size() const { return end - begin; }
  bool operator==(const Range&) const = default;
};

Range block_range(std::int64_t n, int parts, int part);
// The owner of item `item` under block_range(n, parts, .).
int block_owner(std::int64_t n, int parts, std::int64_t item);
// Counts and displacements of every part, as MPI_Scatterv/Gatherv want them (in items).
struct Layout {
  std::vector<int> counts;
  std::vector<int> displs;
};
Layout block_layout(std::int64_t n, int parts);

}  // namespace pc::core
