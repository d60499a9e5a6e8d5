// Decomposition: interior rows split in blocks over the rank rows; interior columns split in
// whole norm chunks over the rank columns (so each norm block lies on one rank); the
// boundary cells go with the first and last blocks.
#include "mpi/stencil.hpp"

#include <array>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/ordered_sum.hpp"
#include "mpi/timing.hpp"
#include "omp/stencil.hpp"

namespace pc::mpi::stencil {

namespace k = kernels::stencil;

namespace {

// A committed MPI datatype, freed on destruction.
struct Datatype {
  MPI_Datatype t = MPI_DATATYPE_NULL;
  Datatype(int count, int length, int stride) {
    check(MPI_Type_vector(count, length, stride, MPI_DOUBLE, &t), "MPI_Type_vector");
    check(MPI_Type_commit(&t), "MPI_Type_commit");
  }
  ~Datatype() { MPI_Type_free(&t); }
  Datatype(const Datatype&) = delete;
  Datatype& operator=(const Datatype&) = delete;
};

// Owned global range of part `part` of `parts`: interior items in blocks of `unit`, the
// `edge` boundary items on either side going to the first and last part.
core::Range owned(std::int64_t n, std::int64_t edge, std::int64_t unit, int parts, int part) {
  const std::int64_t inner = n - 2 * edge;
  const core::Range units = core::block_range((inner + unit - 1) / unit, parts, part);
  core::Range r{edge + std::min(inner, units.begin * unit), edge + std::min(inner, units.end * unit)};
  if (part == 0) r.begin = 0;
  if (part == parts - 1) r.end = n;
  return r;
}

// Rank rows x rank columns as MPI_Dims_create balances them; 1 x 1 alone, without MPI.
std::array<int, 2> rank_grid(const Comm& comm) {
  std::array<int, 2> dims{1, 1};
  if (comm.size == 1) return dims;
  dims = {0, 0};
  check(MPI_Dims_create(comm.size, 2, dims.data()), "MPI_Dims_create");
  return dims;
}

}  // namespace

KernelResult run(const Comm& comm, const k::Params& p, bool keep_field) {
  const std::array<int, 2> dims = rank_grid(comm);
  const int py = dims[0], px = dims[1];
  const int my = comm.rank / px, mx = comm.rank % px;
  // Every rank checks every block, so all of them reach the same verdict.
  for (int y = 0; y < py; ++y)
    for (int x = 0; x < px; ++x) {
      const std::int64_t rows = owned(p.n, p.radius, 1, py, y).size();
      const std::int64_t cols = owned(p.n, p.radius, k::kChunk, px, x).size();
      if ((py > 1 && rows < p.radius) || (px > 1 && cols < p.radius))
        throw core::UsageError("--size: a " + std::to_string(p.n) + " grid over " + std::to_string(py) + " x " +
                               std::to_string(px) + " ranks gives a block of " + std::to_string(rows) + " x " +
                               std::to_string(cols) + " cells, thinner than the radius " + std::to_string(p.radius) +
                               " (accepted: a larger --size or fewer ranks)");
    }
  omp::stencil::Block b =
      omp::stencil::setup(p, owned(p.n, p.radius, 1, py, my), owned(p.n, p.radius, k::kChunk, px, mx));
  const std::vector<double> w = k::weights(p.radius);

  const int R = p.radius, rows = static_cast<int>(b.rows.size()), cols = static_cast<int>(b.cols.size());
  // A lone process has no neighbours, so no halo to exchange and no MPI to call.
  std::optional<Datatype> band, strip;
  if (comm.size > 1) {
    band.emplace(R, cols, static_cast<int>(b.ld));   // R whole rows
    strip.emplace(rows, R, static_cast<int>(b.ld));  // R columns of every row
  }
  const int up = my > 0 ? comm.rank - px : MPI_PROC_NULL, down = my < py - 1 ? comm.rank + px : MPI_PROC_NULL;
  const int left = mx > 0 ? comm.rank - 1 : MPI_PROC_NULL, right = mx < px - 1 ? comm.rank + 1 : MPI_PROC_NULL;
  const std::int64_t r0 = b.rows.begin, c0 = b.cols.begin;
  auto exchange = [&] {
    std::array<MPI_Request, 8> req;
    // Receive into the halo; send the edge of what this rank owns.
    check(MPI_Irecv(b.in_at(r0 - R, c0), 1, band->t, up, 1, comm.handle, &req[0]), "MPI_Irecv");
    check(MPI_Irecv(b.in_at(r0 + rows, c0), 1, band->t, down, 0, comm.handle, &req[1]), "MPI_Irecv");
    check(MPI_Irecv(b.in_at(r0, c0 - R), 1, strip->t, left, 3, comm.handle, &req[2]), "MPI_Irecv");
    check(MPI_Irecv(b.in_at(r0, c0 + cols), 1, strip->t, right, 2, comm.handle, &req[3]), "MPI_Irecv");
    check(MPI_Isend(b.in_at(r0, c0), 1, band->t, up, 0, comm.handle, &req[4]), "MPI_Isend");
    check(MPI_Isend(b.in_at(r0 + rows - R, c0), 1, band->t, down, 1, comm.handle, &req[5]), "MPI_Isend");
    check(MPI_Isend(b.in_at(r0, c0), 1, strip->t, left, 2, comm.handle, &req[6]), "MPI_Isend");
    check(MPI_Isend(b.in_at(r0, c0 + cols - R), 1, strip->t, right, 3, comm.handle, &req[7]), "MPI_Isend");
    check(MPI_Waitall(static_cast<int>(req.size()), req.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
  };

  KernelResult r;
  r.seconds = timed_steps(comm, p.iterations, [&] {
    if (comm.size > 1) exchange();
    omp::stencil::step(p, w, b);
  });
  // Each norm block is computed on exactly one rank and is 0 elsewhere, so the sum over
  // ranks only adds zeros to it: exact, whatever the order.
  const std::int64_t chunks = omp::stencil::chunk_count(p);
  std::vector<double> partials(static_cast<std::size_t>((p.n - 2 * p.radius) * chunks), 0.0);
  omp::stencil::norm_partials(p, b, partials);
  const std::vector<double> all = sum_on_root(comm, partials);
  if (comm.root())
    r.validation = k::validate(core::ordered_sum(all) / static_cast<double>(k::active_points(p)), p.iterations + 1);
  r.work = k::flops_per_step(p);
  if (keep_field) {
    const auto inner = static_cast<std::uint64_t>(p.n - 2 * p.radius);
    const auto rows = static_cast<std::uint64_t>(std::max<std::int64_t>(0, b.irows.size()));
    const auto cols = static_cast<std::uint64_t>(std::max<std::int64_t>(0, b.icols.size()));
    r.field = Field{
        {inner, inner},
        {static_cast<std::uint64_t>(b.irows.begin - p.radius), static_cast<std::uint64_t>(b.icols.begin - p.radius)},
        {rows, cols},
        std::move(b.out)};
  }
  return r;
}

}  // namespace pc::mpi::stencil
