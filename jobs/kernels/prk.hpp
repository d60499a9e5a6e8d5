// The PRK-style kernels as jobs: each fills in its shape, its own options and its measure().
#pragma once
#include <array>

#include "jobs/kernels/iterative.hpp"
#include "mpi/transpose.hpp"

namespace pc::jobs {

class Nstream : public Cloned<Nstream, IterativeKernel> {
 public:
  std::string name() const override { return "nstream"; }
  std::string summary() const override { return "A += B + s*C over long vectors (memory bandwidth)"; }

 protected:
  Shape shape() const override;
  mpi::KernelResult measure(const mpi::Comm& comm) override;
};

class Noop : public Cloned<Noop, IterativeKernel> {
 public:
  std::string name() const override { return "noop"; }
  std::string summary() const override { return "Nothing: measures the timing and start-up overhead"; }

 protected:
  Shape shape() const override;
  mpi::KernelResult measure(const mpi::Comm& comm) override;
};

class Dgemm : public Cloned<Dgemm, IterativeKernel> {
 public:
  std::string name() const override { return "dgemm"; }
  std::string summary() const override { return "C += A*B, cache- and register-blocked; B broadcast to every rank"; }

 protected:
  Shape shape() const override;
  mpi::KernelResult measure(const mpi::Comm& comm) override;
};

class Transpose : public Cloned<Transpose, IterativeKernel> {
 public:
  std::string name() const override { return "transpose"; }
  std::string summary() const override { return "B += A^T; A += 1, tiled; shared memory or all-to-all between ranks"; }

 protected:
  Shape shape() const override;
  void add_own_options(CLI::App& cmd) override;
  void check_own_options() override;
  mpi::KernelResult measure(const mpi::Comm& comm) override;
  Attributes own_parameters() const override;

 private:
  std::string exchange_text_ = "auto";
  std::int64_t tile_ = 32;
  mpi::transpose::Exchange asked_ = mpi::transpose::Exchange::automatic;
  mpi::transpose::Exchange used_ = mpi::transpose::Exchange::automatic;  // known after measure()
};

class Stencil : public Cloned<Stencil, IterativeKernel> {
 public:
  std::string name() const override { return "stencil"; }
  std::string summary() const override { return "2-D star stencil of radius R on an n x n grid, halo exchange"; }

 protected:
  Shape shape() const override;
  void add_own_options(CLI::App& cmd) override;
  void check_own_options() override;
  mpi::KernelResult measure(const mpi::Comm& comm) override;
  Attributes own_parameters() const override { return {{"radius", std::int64_t{radius_}}}; }

 private:
  int radius_ = 2;
};

class Mandelbrot : public Cloned<Mandelbrot, IterativeKernel> {
 public:
  std::string name() const override { return "mandelbrot"; }
  std::string summary() const override { return "Escape-time counts over a region (irregular work per row)"; }

 protected:
  Shape shape() const override;
  void add_own_options(CLI::App& cmd) override;
  void check_own_options() override;
  mpi::KernelResult measure(const mpi::Comm& comm) override;
  Attributes own_parameters() const override;

 private:
  std::string region_text_ = "-2,0.5,-1.25,1.25";
  std::string schedule_ = "dynamic";
  int max_iter_ = 1000;
  std::array<double, 4> region_{-2, 0.5, -1.25, 1.25};
};

}  // namespace pc::jobs
