// nstream and mandelbrot: the serial references against analytic values and brute force,
// the OpenMP drivers against the serial references bit for bit, validators that reject.
#include <catch2/catch.hpp>

#include <complex>
#include <tuple>

#include "core/buffer.hpp"

#include "kernels/dgemm.hpp"
#include "kernels/mandelbrot.hpp"
#include "kernels/nstream.hpp"
#include "kernels/stencil.hpp"
#include "kernels/transpose.hpp"
#include "omp/dgemm.hpp"
#include "omp/mandelbrot.hpp"
#include "omp/nstream.hpp"
#include "omp/stencil.hpp"
#include "omp/transpose.hpp"

namespace ns = pc::kernels::nstream;
namespace mb = pc::kernels::mandelbrot;

TEST_CASE("nstream: serial and OpenMP agree with the analytic checksum at uneven lengths") {
  for (std::int64_t n : {std::int64_t{1}, std::int64_t{7}, ns::kBlock - 1, ns::kBlock + 3, 5 * ns::kBlock + 11}) {
    for (int k : {1, 4}) {
      CAPTURE(n, k);
      const ns::Params p{n, k, 3.0};
      const double serial = ns::serial(p);
      CHECK(serial == ns::reference(p, k + 1));  // each step adds 2 + 3*2 = 8 to every A[i]
      CHECK(serial == 8.0 * static_cast<double>(n) * (k + 1));
      CHECK(pc::omp::nstream::run(p) == serial);  // bit for bit
      CHECK(ns::validate(p, k + 1, serial).ok);
    }
  }
}

TEST_CASE("nstream: the validator rejects a corrupted checksum") {
  const ns::Params p{1000, 2, 3.0};
  const double good = ns::serial(p);
  CHECK_FALSE(ns::validate(p, 3, good + 1.0).ok);
  CHECK_FALSE(ns::validate(p, 3, good * (1 + 1e-6)).ok);
  CHECK_FALSE(ns::validate(p, 2, good).ok);  // wrong step count
}

TEST_CASE("mandelbrot: counts match a plain complex-number loop") {
  const mb::Params p{16, 1, 50, -2.0, 0.5, -1.25, 1.25};
  std::vector<std::int32_t> row(16);
  for (std::int64_t y = 0; y < p.size; ++y) {
    mb::row(p, y, row.data());
    for (std::int64_t x = 0; x < p.size; ++x) {
      const std::complex<double> c(p.x0 + (x + 0.5) * (p.x1 - p.x0) / 16, p.y0 + (y + 0.5) * (p.y1 - p.y0) / 16);
      std::complex<double> z = 0;
      int n = 0;
      while (n < p.max_iter && std::norm(z) <= 4.0) {
        z = z * z + c;
        ++n;
      }
      CAPTURE(x, y);
      CHECK(row[static_cast<std::size_t>(x)] == n);
    }
  }
}

TEST_CASE("mandelbrot: known points and both OpenMP schedules equal the serial rows") {
  // A 1x1 image samples the centre of the region: the origin never escapes, 2+2i at once.
  CHECK(mb::row_sum({1, 1, 77, -1, 1, -1, 1}, 0) == 77);
  CHECK(mb::row_sum({1, 1, 77, 1, 3, 1, 3}, 0) == 1);
  const mb::Params p{37, 1, 200, -2.0, 0.5, -1.25, 1.25};
  for (auto s : {pc::omp::mandelbrot::Schedule::fixed, pc::omp::mandelbrot::Schedule::dynamic}) {
    const auto sums = pc::omp::mandelbrot::run(p, s);
    for (std::int64_t y = 0; y < p.size; ++y) CHECK(sums[static_cast<std::size_t>(y)] == mb::row_sum(p, y));
  }
}

namespace st = pc::kernels::stencil;

TEST_CASE("stencil: the weights give a linear field's slope") {
  for (int r = 1; r <= st::kMaxRadius; ++r) {
    const auto w = st::weights(r);
    // A 1-D field f(x) = 3x: sum_k w_k (f(x+k) - f(x-k)) = 3.
    double slope = 0;
    for (int k = 1; k <= r; ++k) slope += w[static_cast<std::size_t>(k)] * (3.0 * k - (-3.0 * k));
    CHECK(slope == Approx(3.0).epsilon(1e-15));
  }
}

TEST_CASE("stencil: serial and OpenMP drivers give the analytic norm, bit-identical to each other") {
  for (int r = 1; r <= st::kMaxRadius; ++r) {
    for (std::int64_t n : {std::int64_t{2 * r + 1}, std::int64_t{37}, std::int64_t{150}}) {
      for (int k : {1, 3}) {
        CAPTURE(r, n, k);
        const st::Params p{n, r, k};
        const double serial = st::serial(p);
        CHECK(st::validate(serial, k + 1).ok);
        CHECK(serial == Approx(2.0 * (k + 1)).epsilon(1e-12));
        CHECK(pc::omp::stencil::run(p) == serial);
      }
    }
  }
}

TEST_CASE("stencil: the validator rejects a wrong norm") {
  CHECK(st::validate(8.0, 4).ok);
  CHECK_FALSE(st::validate(8.0 * (1 + 1e-6), 4).ok);
  CHECK_FALSE(st::validate(8.0, 3).ok);
}

namespace tr = pc::kernels::transpose;

TEST_CASE("transpose: tiled copy and add transpose any rectangle") {
  const std::int64_t rows = 7, cols = 11;
  std::vector<double> src(rows * cols), dst(cols * rows, 1.0);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<double>(i);
  for (std::int64_t tile : {1, 3, 4, 64}) {
    std::vector<double> copy(cols * rows, -1.0), sum = dst;
    tr::transpose_copy(src.data(), cols, copy.data(), rows, rows, cols, tile);
    tr::transpose_add(src.data(), cols, sum.data(), rows, rows, cols, tile);
    for (std::int64_t i = 0; i < rows; ++i)
      for (std::int64_t j = 0; j < cols; ++j) {
        CHECK(copy[static_cast<std::size_t>(j * rows + i)] == src[static_cast<std::size_t>(i * cols + j)]);
        CHECK(sum[static_cast<std::size_t>(j * rows + i)] == src[static_cast<std::size_t>(i * cols + j)] + 1.0);
      }
  }
}

TEST_CASE("transpose: serial and OpenMP drivers validate at uneven sizes and tiles") {
  for (std::int64_t n : {1, 5, 33, 100}) {
    for (std::int64_t tile : {1, 8, 32}) {
      CAPTURE(n, tile);
      const tr::Params p{n, tile, 2};
      const auto serial = tr::serial(p);
      CHECK(serial.ok);
      CHECK(serial.value == tr::reference_sum(n, 3));
      const auto threaded = pc::omp::transpose::run(p);
      CHECK(threaded.ok);
      CHECK(threaded.value == serial.value);
    }
  }
}

TEST_CASE("transpose: the validator catches a misplaced element even when the sum is right") {
  const std::int64_t n = 4;
  const double sum = tr::reference_sum(n, 2);
  CHECK(tr::validate(n, 2, sum, 0.0).ok);
  CHECK_FALSE(tr::validate(n, 2, sum, 2.0).ok);  // two elements swapped: same sum, nonzero error
  CHECK_FALSE(tr::validate(n, 2, sum + 1, 0.0).ok);
}

namespace dg = pc::kernels::dgemm;

TEST_CASE("dgemm: packed panels and the micro-kernel multiply any block shape") {
  // Shapes that leave partial micro-tiles in both directions and more than one depth block.
  for (auto [m, n, kk] : {std::tuple<std::int64_t, std::int64_t, std::int64_t>{1, 1, 1},
                          {7, 13, 300},
                          {12, 16, 5},
                          {dg::kMR + 1, dg::kNR + 3, dg::kKC + 1}}) {
    CAPTURE(m, n, kk);
    std::vector<double> a(static_cast<std::size_t>(m * kk)), b(static_cast<std::size_t>(kk * n));
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<double>((i * 7) % 11) - 5.0;
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<double>((i * 5) % 13) - 6.0;
    std::vector<double> c(static_cast<std::size_t>(m * n), 1.0), expect = c;
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j)
        for (std::int64_t p = 0; p < kk; ++p)
          expect[static_cast<std::size_t>(i * n + j)] +=
              a[static_cast<std::size_t>(i * kk + p)] * b[static_cast<std::size_t>(p * n + j)];
    const std::int64_t mr = (m + dg::kMR - 1) / dg::kMR * dg::kMR, nr = (n + dg::kNR - 1) / dg::kNR * dg::kNR;
    pc::core::Buffer<double> pab(static_cast<std::size_t>(mr * dg::kKC)), pbb(static_cast<std::size_t>(nr * dg::kKC));
    for (std::int64_t p0 = 0; p0 < kk; p0 += dg::kKC) {
      const std::int64_t kc = std::min(dg::kKC, kk - p0);
      dg::pack_a(a.data() + p0, kk, m, kc, pab.data());
      dg::pack_b(b.data() + p0 * n, n, kc, n, pbb.data());
      dg::macro_kernel(m, n, kc, pab.data(), pbb.data(), c.data(), n);
    }
    CHECK(c == expect);  // small integers: every product and sum is exact
  }
}

TEST_CASE("dgemm: serial and OpenMP drivers validate at uneven sizes") {
  for (std::int64_t n : {1, 2, 7, 70, 301}) {
    CAPTURE(n);
    const dg::Params p{n, 1};
    const auto serial = dg::serial(p);
    CHECK(serial.ok);
    const auto threaded = pc::omp::dgemm::run(p);
    CHECK(threaded.ok);
    CHECK(threaded.value == Approx(serial.value).epsilon(1e-12));
  }
  CHECK_FALSE(dg::validate(10, 2, dg::reference_checksum(10, 2) * (1 + 1e-7)).ok);
}
