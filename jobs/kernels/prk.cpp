// Shapes and measure() of the PRK-style kernels: thin glue over the MPI drivers.
#include "jobs/kernels/prk.hpp"

#include <array>
#include <cmath>

#include "core/error.hpp"
#include "core/host.hpp"
#include "jobs/cli/options.hpp"
#include "mpi/dgemm.hpp"
#include "mpi/mandelbrot.hpp"
#include "mpi/nstream.hpp"
#include "mpi/stencil.hpp"
#include "mpi/timing.hpp"
#include "mpi/transpose.hpp"

namespace pc::jobs {

IterativeKernel::Shape Nstream::shape() const {
  return {16777216, 10, 1, std::int64_t{1} << 36, "Vector length (elements of each of A, B, C)", "MB/s", ""};
}

mpi::KernelResult Nstream::measure(const mpi::Comm& comm) {
  return mpi::nstream::run(comm, {size(), iterations(), 3.0});
}

IterativeKernel::Shape Noop::shape() const { return {0, 10, 0, 0, "Ignored (noop does no work)", "MB/s", ""}; }

mpi::KernelResult Noop::measure(const mpi::Comm& comm) {
  mpi::KernelResult r;
  r.seconds = mpi::timed_steps(comm, iterations(), [] {});
  r.validation = {0, 0, 0, true};
  return r;
}

IterativeKernel::Shape Dgemm::shape() const { return {1024, 10, 1, 46340, "Matrix order n (n x n)", "MFLOP/s", "C"}; }

mpi::KernelResult Dgemm::measure(const mpi::Comm& comm) {
  return mpi::dgemm::run(comm, {size(), iterations()}, save_field());
}

IterativeKernel::Shape Transpose::shape() const {
  return {4096, 10, 1, 1 << 17, "Matrix order n (n x n)", "MB/s", "B"};
}

void Transpose::add_own_options(CLI::App& cmd) {
  add_whole(cmd, "--tile", tile_, {1, 4096}, "Tile edge for the local transposition")->type_name("T");
  cmd.add_option("--exchange", exchange_text_,
                 "Between ranks: a shared-memory window (every rank on one node), MPI_Alltoallv, or auto "
                 "(shared on one node, else alltoall)")
      ->type_name("auto|alltoall|shared")
      ->default_str(exchange_text_);
}

void Transpose::check_own_options() {
  using mpi::transpose::Exchange;
  bool known = false;
  for (Exchange e : {Exchange::automatic, Exchange::alltoall, Exchange::shared})
    if (exchange_text_ == mpi::transpose::name(e)) {
      asked_ = e;
      known = true;
    }
  if (!known)
    throw core::UsageError("--exchange: '" + exchange_text_ +
                           "' is not an exchange (accepted: auto, alltoall, shared)");
}

mpi::KernelResult Transpose::measure(const mpi::Comm& comm) {
  // Test hook: ranks on one machine act as if each were on a node of its own.
  const bool apart = comm.size > 1 && core::env_or("PARCOMPUTE_FAULT") == "split-nodes";
  const bool one_node = mpi::on_one_node(comm) && !apart;
  used_ = mpi::transpose::resolve(asked_, one_node, comm.size);
  return mpi::transpose::run(comm, {size(), tile_, iterations()}, used_, save_field());
}

Attributes Transpose::own_parameters() const {
  return {{"tile", tile_}, {"exchange", std::string(mpi::transpose::name(used_))}};
}

IterativeKernel::Shape Stencil::shape() const {
  return {4096, 10, 3, 1 << 17, "Grid order n (n x n points; at least 2 * radius + 1)", "MFLOP/s", "out"};
}

void Stencil::add_own_options(CLI::App& cmd) {
  add_whole(cmd, "--radius", radius_, {1, kernels::stencil::kMaxRadius}, "Stencil radius")->type_name("R");
}

void Stencil::check_own_options() {
  if (size() < 2 * radius_ + 1)
    throw core::UsageError("--size: " + std::to_string(size()) + " leaves no interior for radius " +
                           std::to_string(radius_) + " (accepted: at least " + std::to_string(2 * radius_ + 1) + ")");
}

mpi::KernelResult Stencil::measure(const mpi::Comm& comm) {
  return mpi::stencil::run(comm, {size(), radius_, iterations()}, save_field());
}

namespace {

// Four real numbers as parse.hpp reads them (signs allowed), x0 < x1 and y0 < y1.
std::array<double, 4> read_region(const std::string& flag, const std::string& text) {
  const std::string accepted = " (accepted: four numbers x0,x1,y0,y1 with x0 < x1 and y0 < y1, e.g. -2,0.5,-1.25,1.25)";
  const std::vector<std::string_view> parts = split_commas(text);
  std::array<double, 4> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    const std::optional<double> v = parts.size() == r.size() ? read_real(parts[i]) : std::nullopt;
    if (!v || !std::isfinite(*v)) throw core::UsageError(flag + ": '" + text + "' is not a region" + accepted);
    r[i] = *v;
  }
  if (!(r[0] < r[1] && r[2] < r[3])) throw core::UsageError(flag + ": '" + text + "' is empty" + accepted);
  return r;
}

}  // namespace

IterativeKernel::Shape Mandelbrot::shape() const {
  return {1024, 3, 1, 1 << 16, "Image width and height in pixels", "Mpixel/s", ""};
}

void Mandelbrot::add_own_options(CLI::App& cmd) {
  add_whole(cmd, "--max-iter", max_iter_, {1, 1'000'000}, "Iterations before a point counts as inside")->type_name("M");
  add_read_option(cmd, "--region", "Real and imaginary ranges: x0,x1,y0,y1",
                  [this](const std::string& flag, const std::string& text) {
                    region_ = read_region(flag, text);
                    region_text_ = text;
                  })
      ->type_name("X0,X1,Y0,Y1")
      ->default_str(region_text_);
  cmd.add_option("--schedule", schedule_, "Rows over ranks and threads: static blocks or dynamic chunks")
      ->type_name("static|dynamic")
      ->default_str(schedule_);
}

void Mandelbrot::check_own_options() {
  if (schedule_ != "static" && schedule_ != "dynamic")
    throw core::UsageError("--schedule: '" + schedule_ + "' is not a schedule (accepted: static, dynamic)");
}

mpi::KernelResult Mandelbrot::measure(const mpi::Comm& comm) {
  const kernels::mandelbrot::Params p{size(), iterations(), max_iter_, region_[0], region_[1], region_[2], region_[3]};
  const auto s = schedule_ == "static" ? mpi::mandelbrot::Schedule::fixed : mpi::mandelbrot::Schedule::dynamic;
  return mpi::mandelbrot::run(comm, p, s);
}

Attributes Mandelbrot::own_parameters() const {
  return {{"max_iter", std::int64_t{max_iter_}}, {"region", region_text_}, {"schedule", schedule_}};
}

}  // namespace pc::jobs
