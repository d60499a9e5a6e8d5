// nstream over threads: block b of the local range is elements [b*kBlock, ...) of it.
#include "omp/nstream.hpp"

#include <algorithm>

#include "core/ordered_sum.hpp"
#include "omp/blocks.hpp"

namespace pc::omp::nstream {

namespace k = kernels::nstream;

namespace {
// Local offset and length of the local block `lb`.
std::pair<std::int64_t, std::int64_t> extent(const Arrays& x, std::int64_t lb) {
  const std::int64_t offset = lb * k::kBlock;
  return {offset, std::min(k::kBlock, (x.end - x.begin) - offset)};
}
}  // namespace

Arrays setup(const Params& p, core::Range blocks) {
  Arrays x;
  x.blocks = blocks;
  x.begin = std::min(p.length, blocks.begin * k::kBlock);
  x.end = std::min(p.length, blocks.end * k::kBlock);
  const auto n = static_cast<std::size_t>(x.end - x.begin);
  x.a = core::Buffer<double>(n);
  x.b = core::Buffer<double>(n);
  x.c = core::Buffer<double>(n);
  for_blocks(blocks.size(), [&](std::int64_t lb) {
    const auto [off, len] = extent(x, lb);
    k::init(len, x.a.data() + off, x.b.data() + off, x.c.data() + off);
  });
  return x;
}

void step(const Params& p, Arrays& x) {
  for_blocks(x.blocks.size(), [&](std::int64_t lb) {
    const auto [off, len] = extent(x, lb);
    k::step(len, p.scalar, x.a.data() + off, x.b.data() + off, x.c.data() + off);
  });
}

std::vector<double> block_checksums(const Params&, const Arrays& x) {
  return block_values(x.blocks.size(), [&](std::int64_t lb) {
    const auto [off, len] = extent(x, lb);
    return k::checksum(len, x.a.data() + off);
  });
}

double run(const Params& p) {
  Arrays x = setup(p, {0, k::block_count(p.length)});
  for (int it = 0; it <= p.iterations; ++it) step(p, x);
  return core::ordered_sum(block_checksums(p, x));
}

}  // namespace pc::omp::nstream
