// The shared shape of the PRK-style kernels: --size and --iterations, one untimed warm-up,
// best and average time, a rate, a checksum validated against an analytic value.
#pragma once
#include "jobs/kernels/kernel.hpp"
#include "jobs/results/provenance.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::jobs {

class IterativeKernel : public Kernel {
 public:
  IterativeKernel() = default;
  // A copy carries the parsed options, not a run's result (see Unrun).
  IterativeKernel(const IterativeKernel&) = default;
  IterativeKernel& operator=(const IterativeKernel&) = delete;
  void add_options(CLI::App& cmd) final;
  void check_options() final;
  void run(const mpi::Comm& comm) final;
  bool validates() const override { return result_.validation.ok; }
  KernelRecord record() const override;
  std::vector<std::string> summary_lines() const override;
  const mpi::Field* field() const override { return result_.field ? &*result_.field : nullptr; }
  std::string field_name() const override { return shape().field; }

 protected:
  struct Shape {
    std::uint64_t size;        // default --size
    std::uint64_t iterations;  // default --iterations
    std::uint64_t min_size, max_size;
    std::string size_help;
    std::string rate_unit;  // "MB/s", "MFLOP/s", "Mpixel/s" (work is counted in units of 1e6)
    std::string field;      // the output array --save-field stores ("" when there is none)
  };
  virtual Shape shape() const = 0;
  virtual void add_own_options(CLI::App&) {}
  virtual void check_own_options() {}
  // Collective: set up, warm up, time the iterations, validate on rank 0.
  virtual mpi::KernelResult measure(const mpi::Comm& comm) = 0;
  // The kernel's own parameters, for the table, JSON and file (e.g. tile, radius).
  virtual Attributes own_parameters() const { return {}; }

  std::int64_t size() const { return size_; }
  int iterations() const { return iterations_; }
  bool save_field() const { return save_field_; }

 private:
  double best() const;
  double average() const;
  double rate() const;  // work per second / 1e6; 0 when the kernel does no counted work
  std::int64_t size_ = 0;
  int iterations_ = 0;
  bool save_field_ = false;
  int ranks_ = 0, threads_ = 0;
  // A run's result, which a copy of the kernel starts without (a kept field is not
  // copyable, and a copy is made to run again), so that the members beside it copy as
  // they are without a list of them kept by hand.
  struct Unrun : mpi::KernelResult {
    Unrun() = default;
    Unrun(const Unrun&) : mpi::KernelResult() {}
    Unrun& operator=(mpi::KernelResult&& r) {
      mpi::KernelResult::operator=(std::move(r));
      return *this;
    }
  };
  Unrun result_;
};

}  // namespace pc::jobs
