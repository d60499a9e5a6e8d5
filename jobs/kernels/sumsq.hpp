// The sumsq job: T tasks, each the exact sum of i*i below its size, over ranks and threads.
#pragma once
#include "jobs/kernels/kernel.hpp"
#include "mpi/sumsq.hpp"

namespace pc::jobs {

class Sumsq : public Cloned<Sumsq, Kernel> {
 public:
  std::string name() const override { return "sumsq"; }
  std::string summary() const override;
  void add_options(CLI::App& cmd) override;
  void check_options() override;
  void run(const mpi::Comm& comm) override;
  bool validates() const override;
  KernelRecord record() const override;
  std::vector<std::string> summary_lines() const override;

  const std::vector<std::uint64_t>& sizes() const { return sizes_; }

 private:
  std::uint64_t tasks_ = 4;
  std::uint64_t size_ = 10'000'000;
  std::vector<std::uint64_t> listed_;  // --sizes
  const CLI::Option* tasks_opt_ = nullptr;
  const CLI::Option* size_opt_ = nullptr;
  const CLI::Option* sizes_opt_ = nullptr;
  std::vector<std::uint64_t> sizes_;  // one per task, after check_options()
  mpi::sumsq::Run run_;
  std::vector<bool> valid_;
};

}  // namespace pc::jobs
