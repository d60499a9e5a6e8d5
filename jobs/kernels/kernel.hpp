// The interface every kernel offers the CLI and (later) the task farm: its options, a
// collective run, and on rank 0 its record (table, JSON and its group in the results file).
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "jobs/kernels/record.hpp"
#include "mpi/comm.hpp"
#include "mpi/kernel_result.hpp"

namespace pc::jobs {

class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;
  // Declares the kernel's options on its subcommand.
  virtual void add_options(CLI::App& cmd) = 0;
  // Checks the parsed options (the same on every rank); throws core::UsageError.
  virtual void check_options() = 0;
  // Collective over `comm`: every rank calls it; results end up on rank 0.
  virtual void run(const mpi::Comm& comm) = 0;

  // The rest is called on rank 0 after run().
  virtual bool validates() const = 0;
  // Everything the run reports, for the table, the JSON and the kernel's group alike.
  virtual KernelRecord record() const = 0;
  virtual std::vector<std::string> summary_lines() const = 0;
  // On every rank after run(): this rank's block of the output array to save, if asked
  // (--save-field), and the dataset name it goes under in the kernel's group.
  virtual const mpi::Field* field() const { return nullptr; }
  virtual std::string field_name() const { return ""; }
  // A copy of a kernel whose options are parsed and checked, to run as if parsed again (the
  // farm parses a run line once and runs its copies). Not for parsing into: the copy is not
  // bound to any parser.
  virtual std::unique_ptr<Kernel> clone() const = 0;
};

// Gives Derived its clone(): `class Noop : public Cloned<Noop, IterativeKernel>`.
template <class Derived, class Base> class Cloned : public Base {
 public:
  std::unique_ptr<Kernel> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// Every kernel parcompute knows, in the order `run --help` lists them.
std::vector<std::unique_ptr<Kernel>> make_kernels();

}  // namespace pc::jobs
