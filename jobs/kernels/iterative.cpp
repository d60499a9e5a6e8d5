// Options, report and file layout shared by the iterative kernels.
#include "jobs/kernels/iterative.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/host.hpp"
#include "jobs/cli/options.hpp"
#include "mpi/timing.hpp"
#include "omp/threads.hpp"

namespace pc::jobs {

namespace {
constexpr std::uint64_t kMaxIterations = 1'000'000;
}  // namespace

void IterativeKernel::add_options(CLI::App& cmd) {
  const Shape s = shape();
  size_ = static_cast<std::int64_t>(s.size);
  iterations_ = static_cast<int>(s.iterations);
  add_whole(cmd, "--size,-N", size_, {s.min_size, s.max_size}, s.size_help);
  add_whole(cmd, "--iterations,-k", iterations_, {1, kMaxIterations}, "Timed iterations, after one untimed warm-up")
      ->type_name("K");
  if (!s.field.empty())
    cmd.add_flag("--save-field", save_field_,
                 "Also store the output array (" + s.field + ") in the results file, written by all ranks in parallel");
  add_own_options(cmd);
}

void IterativeKernel::check_options() { check_own_options(); }

void IterativeKernel::run(const mpi::Comm& comm) {
  ranks_ = comm.size;
  threads_ = omp::max_threads();
  // A progress line on a terminal: long runs (a large dgemm) say where they are.
  const bool show = comm.root() && ::isatty(STDERR_FILENO);
  mpi::ObserveSteps progress([&](int step, int steps, double seconds) {
    if (!show) return;
    if (step == 0) std::fprintf(stderr, "\r%s: warm-up %.3f s ", name().c_str(), seconds);
    else std::fprintf(stderr, "\r%s: iteration %d/%d, %.3f s ", name().c_str(), step, steps, seconds);
    if (step == steps) std::fputc('\n', stderr);
    std::fflush(stderr);
  });
  result_ = measure(comm);
  // Test hook: a wrong checksum, to check end to end that a failed validation is reported.
  if (comm.root() && core::env_or("PARCOMPUTE_FAULT") == "corrupt-result") {
    auto& v = result_.validation;
    v.value += std::max(1.0, std::fabs(v.reference) * 1e-6);
    v.ok = kernels::relative(v.value, v.reference, v.epsilon).ok;
  }
}

double IterativeKernel::best() const {
  return result_.seconds.empty() ? 0 : *std::min_element(result_.seconds.begin(), result_.seconds.end());
}

double IterativeKernel::average() const {
  if (result_.seconds.empty()) return 0;
  return std::accumulate(result_.seconds.begin(), result_.seconds.end(), 0.0) /
         static_cast<double>(result_.seconds.size());
}

double IterativeKernel::rate() const {
  const double avg = average();
  return avg > 0 && result_.work > 0 ? result_.work / avg / 1e6 : 0;
}

std::vector<std::string> IterativeKernel::summary_lines() const {
  const auto& v = result_.validation;
  auto sci = [](double x) { return shown_text(x, Shown::scientific); };
  return {"checksum " + sci(v.value) + ", reference " + sci(v.reference) + ", relative epsilon " + sci(v.epsilon)};
}

KernelRecord IterativeKernel::record() const {
  const Shape s = shape();
  const auto& v = result_.validation;
  KernelRecord k;
  k.values = {{"kernel", name(), "kernel"},
              {"ranks", std::int64_t{ranks_}, "ranks"},
              {"threads", std::int64_t{threads_}, "threads"},
              {"size", size_, "size", Shown::plain, true}};
  for (const auto& [key, value] : own_parameters()) k.values.push_back({key, value, key, Shown::plain, true});
  const std::vector<RecordValue> measured = {
      {"iterations", std::int64_t{iterations_}, "iterations", Shown::plain, true},
      {"best_seconds", best(), "best s", Shown::seconds},
      {"avg_seconds", average(), "avg s", Shown::seconds},
      {"rate", rate(), s.rate_unit, Shown::rate},
      {"rate_unit", s.rate_unit},
      {"work_per_iteration", result_.work},
      {"checksum", v.value, "checksum", Shown::scientific},
      {"reference", v.reference},
      {"epsilon", v.epsilon},
      {"validates", std::int64_t{v.ok ? 1 : 0}, "check", Shown::check},
      {"field", save_field_ ? s.field : std::string()}};
  k.values.insert(k.values.end(), measured.begin(), measured.end());
  k.columns = {{"iteration_seconds", result_.seconds}};
  return k;
}

}  // namespace pc::jobs
