// sumsq as a job: options, the MPI run, validation against the closed form, the report.
#include "jobs/kernels/sumsq.hpp"

#include "core/error.hpp"
#include "core/host.hpp"
#include "jobs/cli/options.hpp"
#include "kernels/sumsq.hpp"

namespace pc::jobs {

namespace k = kernels::sumsq;

namespace {
constexpr std::uint64_t kMaxTasks = 1'000'000;
const char* const kWhySize = "the largest n whose sum of squares fits in 128 bits";

core::u128 sum_of(const mpi::sumsq::TaskResult& r) { return core::from_words(r.sum_hi, r.sum_lo); }
}  // namespace

std::string Sumsq::summary() const { return "Exact sum of i*i for i < N, one task per size (128-bit results)"; }

void Sumsq::add_options(CLI::App& cmd) {
  const WholeRange sizes{0, k::max_size(), kWhySize};
  tasks_opt_ =
      add_whole(cmd, "--tasks,-t", tasks_, {0, kMaxTasks}, "Number of tasks, each of size --size")->type_name("T");
  size_opt_ = add_whole(cmd, "--size,-N", size_, sizes, "Terms per task: sum of i*i for 0 <= i < N");
  sizes_opt_ = add_whole_list(cmd, "--sizes", listed_, sizes,
                              "One task per listed size (comma-separated); replaces --tasks and --size");
}

void Sumsq::check_options() {
  if (sizes_opt_->count() == 0) {
    sizes_.assign(tasks_, size_);
    return;
  }
  if (tasks_opt_->count() > 0 || size_opt_->count() > 0)
    throw core::UsageError("--sizes: cannot be combined with --tasks or --size (it gives one task per listed size)");
  if (listed_.size() > kMaxTasks)
    throw core::UsageError("--sizes: " + std::to_string(listed_.size()) + " sizes listed (accepted: at most " +
                           std::to_string(kMaxTasks) + ")");
  sizes_ = listed_;
}

void Sumsq::run(const mpi::Comm& comm) {
  run_ = mpi::sumsq::run(comm, sizes_);
  // Test hook: a wrong first result, to check that validation catches it end to end.
  if (core::env_or("PARCOMPUTE_FAULT") == "corrupt-result" && !run_.results.empty()) run_.results[0].sum_lo ^= 1;
  valid_.clear();
  for (const auto& r : run_.results) valid_.push_back(sum_of(r) == k::closed_form(r.size));
}

bool Sumsq::validates() const {
  for (bool v : valid_)
    if (!v) return false;
  return run_.results.size() == sizes_.size();
}

std::vector<std::string> Sumsq::summary_lines() const {
  return {"compute seconds (slowest rank): " + core::format_seconds(run_.compute_seconds)};
}

KernelRecord Sumsq::record() const {
  std::vector<std::uint64_t> size, hi, lo;
  std::vector<std::int32_t> rank, threads;
  std::vector<double> seconds;
  std::vector<std::uint8_t> valid;
  std::vector<std::string> decimal;
  for (std::size_t i = 0; i < run_.results.size(); ++i) {
    const auto& r = run_.results[i];
    size.push_back(r.size);
    hi.push_back(r.sum_hi);
    lo.push_back(r.sum_lo);
    rank.push_back(r.rank);
    threads.push_back(r.threads);
    seconds.push_back(r.seconds);
    valid.push_back(valid_[i] ? 1 : 0);
    decimal.push_back(core::to_string(sum_of(r)));
  }
  KernelRecord k;
  k.rows = "tasks";
  k.row = "task";
  k.values = {{"compute_seconds", run_.compute_seconds},
              {"validates", std::int64_t{validates() ? 1 : 0}, "", Shown::check},
              {"description", std::string("sum of i*i for 0 <= i < size; result = result_hi * 2^64 + result_lo")}};
  k.columns = {{"size", size, "size"},
               {"rank", rank, "rank"},
               {"threads", threads, "threads"},
               {"result_hi", hi},
               {"result_lo", lo},
               {"result", decimal, "result"},
               {"seconds", seconds, "seconds", Shown::seconds},
               {"valid", valid, "check", Shown::check}};
  return k;
}

}  // namespace pc::jobs
