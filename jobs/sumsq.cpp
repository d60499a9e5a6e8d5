// sumsq as a job: options, the MPI run, validation against the closed form, the report.
#include "jobs/sumsq.hpp"

#include "core/error.hpp"
#include "core/host.hpp"
#include "jobs/cli_options.hpp"
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
  tasks_opt_ = add_whole(cmd, "--tasks,-t", tasks_, {0, kMaxTasks}, "Number of tasks, each of size --size")
                   ->type_name("T");
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

core::Table Sumsq::table() const {
  core::Table t{{"task", "size", "rank", "threads", "result", "seconds", "check"}, {}};
  for (std::size_t i = 0; i < run_.results.size(); ++i) {
    const auto& r = run_.results[i];
    t.rows.push_back({std::to_string(i), std::to_string(r.size), std::to_string(r.rank), std::to_string(r.threads),
                      core::to_string(sum_of(r)), core::format_seconds(r.seconds), valid_[i] ? "ok" : "WRONG"});
  }
  return t;
}

std::vector<std::string> Sumsq::summary_lines() const {
  return {"compute seconds (slowest rank): " + core::format_seconds(run_.compute_seconds)};
}

nlohmann::json Sumsq::json() const {
  nlohmann::json tasks = nlohmann::json::array();
  for (std::size_t i = 0; i < run_.results.size(); ++i) {
    const auto& r = run_.results[i];
    tasks.push_back({{"task", i},
                     {"size", r.size},
                     {"rank", r.rank},
                     {"threads", r.threads},
                     {"result", core::to_string(sum_of(r))},
                     {"seconds", r.seconds},
                     {"valid", static_cast<bool>(valid_[i])}});
  }
  return {{"tasks", tasks}, {"compute_seconds", run_.compute_seconds}};
}

void Sumsq::write(const io::h5::Group& g) const {
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
  g.set_attr("tasks", static_cast<std::int64_t>(run_.results.size()));
  g.set_attr("compute_seconds", run_.compute_seconds);
  g.set_attr("validates", std::int64_t{validates() ? 1 : 0});
  g.set_attr("description", std::string("sum of i*i for 0 <= i < size; result = result_hi * 2^64 + result_lo"));
  g.write("size", size);
  g.write("rank", rank);
  g.write("threads", threads);
  g.write("result_hi", hi);
  g.write("result_lo", lo);
  g.write("result", decimal);
  g.write("seconds", seconds);
  g.write("valid", valid);
}

}  // namespace pc::jobs
