// Block partition arithmetic, shared by the MPI scatter/gather and the OpenMP drivers.
#include "core/partition.hpp"

#include <limits>
#include <string>

#include "core/error.hpp"

namespace pc::core {

namespace {
void check(std::int64_t n, int parts) {
  if (n < 0 || parts <= 0)
    throw Error("block partition of " + std::to_string(n) + " items over " + std::to_string(parts) + " parts");
}
}  // namespace

Range block_range(std::int64_t n, int parts, int part) {
  check(n, parts);
  if (part < 0 || part >= parts)
    throw Error("block partition: part " + std::to_string(part) + " of " + std::to_string(parts));
  const std::int64_t base = n / parts;
  const std::int64_t extra = n % parts;  // the first `extra` parts get one more
  const std::int64_t begin = part * base + (part < extra ? part : extra);
  return {begin, begin + base + (part < extra ? 1 : 0)};
}

int block_owner(std::int64_t n, int parts, std::int64_t item) {
  check(n, parts);
  if (item < 0 || item >= n) throw Error("block partition: item " + std::to_string(item) + " of " + std::to_string(n));
  const std::int64_t base = n / parts;
  const std::int64_t extra = n % parts;
  const std::int64_t big = extra * (base + 1);  // items held by the larger parts
  if (item < big) return static_cast<int>(item / (base + 1));
  return static_cast<int>(extra + (item - big) / base);
}

Layout block_layout(std::int64_t n, int parts) {
  check(n, parts);
  if (n > std::numeric_limits<int>::max())
    throw Error("block layout: " + std::to_string(n) + " items exceed an MPI count");
  Layout layout;
  for (int p = 0; p < parts; ++p) {
    const Range r = block_range(n, parts, p);
    layout.counts.push_back(static_cast<int>(r.size()));
    layout.displs.push_back(static_cast<int>(r.begin));
  }
  return layout;
}

}  // namespace pc::core
