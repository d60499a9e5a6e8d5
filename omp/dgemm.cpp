// Loop order jc (B panels), pc (depth), ic (A blocks, over threads), then the macro-kernel.
#include "omp/dgemm.hpp"

#include <omp.h>

#include <algorithm>

#include "core/ordered_sum.hpp"
#include "omp/blocks.hpp"

namespace pc::omp::dgemm {

namespace k = kernels::dgemm;

Matrices setup(const Params& p, core::Range rows, bool init_b) {
  Matrices x;
  x.rows = rows;
  x.n = p.n;
  const auto cells = static_cast<std::size_t>(rows.size() * p.n);
  x.a = core::Buffer<double>(cells);
  x.c = core::Buffer<double>(cells);
  x.b = core::Buffer<double>(static_cast<std::size_t>(p.n * p.n));
  const std::int64_t panel_cols = (std::min(k::kNC, p.n) + k::kNR - 1) / k::kNR * k::kNR;
  x.packed_b = core::Buffer<double>(static_cast<std::size_t>(k::kKC * panel_cols));
  x.packed_a = core::Buffer<double>(static_cast<std::size_t>(omp_get_max_threads() * k::kMC * k::kKC));
  for_blocks(rows.size(), [&](std::int64_t li) {
    for (std::int64_t j = 0; j < p.n; ++j) {
      x.a[static_cast<std::size_t>(li * p.n + j)] = k::initial(rows.begin + li, j);
      x.c[static_cast<std::size_t>(li * p.n + j)] = 0.0;
    }
  });
  if (init_b)
    for_blocks(p.n, [&](std::int64_t i) {
      for (std::int64_t j = 0; j < p.n; ++j) x.b[static_cast<std::size_t>(i * p.n + j)] = k::initial(i, j);
    });
  return x;
}

void multiply_add(Matrices& x) {
  const std::int64_t m = x.rows.size(), n = x.n;
  if (m <= 0 || n <= 0) return;
  const std::int64_t blocks = (m + k::kMC - 1) / k::kMC;
#pragma omp parallel
  {
    double* pa = x.packed_a.data() + omp_get_thread_num() * k::kMC * k::kKC;
    for (std::int64_t jc = 0; jc < n; jc += k::kNC) {
      const std::int64_t nc = std::min(k::kNC, n - jc);
      const std::int64_t slivers = (nc + k::kNR - 1) / k::kNR;
      for (std::int64_t pc = 0; pc < n; pc += k::kKC) {
        const std::int64_t kc = std::min(k::kKC, n - pc);
#pragma omp for schedule(static)
        for (std::int64_t s = 0; s < slivers; ++s)
          k::pack_b(x.b.data() + pc * n + jc + s * k::kNR, n, kc, std::min(k::kNR, nc - s * k::kNR),
                    x.packed_b.data() + s * k::kNR * kc);
#pragma omp for schedule(dynamic)
        for (std::int64_t blk = 0; blk < blocks; ++blk) {
          const std::int64_t ic = blk * k::kMC, mc = std::min(k::kMC, m - ic);
          k::pack_a(x.a.data() + ic * n + pc, n, mc, kc, pa);
          k::macro_kernel(mc, nc, kc, pa, x.packed_b.data(), x.c.data() + ic * n + jc, n);
        }
      }
    }
  }
}

std::vector<double> row_sums(const Matrices& x) {
  return block_values(x.rows.size(), [&](std::int64_t li) {
    double s = 0;
    for (std::int64_t j = 0; j < x.n; ++j) s += x.c[static_cast<std::size_t>(li * x.n + j)];
    return s;
  });
}

kernels::Validation run(const Params& p) {
  Matrices x = setup(p, {0, p.n}, true);
  for (int it = 0; it <= p.iterations; ++it) multiply_add(x);
  return k::validate(p.n, p.iterations + 1, core::ordered_sum(row_sums(x)));
}

}  // namespace pc::omp::dgemm
