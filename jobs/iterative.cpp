// Options, report and file layout shared by the iterative kernels.
#include "jobs/iterative.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/host.hpp"
#include "jobs/cli_options.hpp"
#include "mpi/timing.hpp"
#include "omp/threads.hpp"

namespace pc::jobs {

namespace {
constexpr std::uint64_t kMaxIterations = 1'000'000;

std::string sci(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12e", v);
  return buf;
}
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
  return std::accumulate(result_.seconds.begin(), result_.seconds.end(), 0.0) / static_cast<double>(result_.seconds.size());
}

double IterativeKernel::rate() const {
  const double avg = average();
  return avg > 0 && result_.work > 0 ? result_.work / avg / 1e6 : 0;
}

core::Table IterativeKernel::table() const {
  const Shape s = shape();
  core::Table t{{"kernel", "ranks", "threads", "size"}, {}};
  std::vector<std::string> row{name(), std::to_string(ranks_), std::to_string(threads_), std::to_string(size_)};
  for (const auto& [key, value] : own_parameters()) {
    t.header.push_back(key);
    row.push_back(io::h5::to_text(value));
  }
  for (const char* h : {"iterations", "best s", "avg s"}) t.header.emplace_back(h);
  t.header.push_back(s.rate_unit);
  for (const char* h : {"checksum", "check"}) t.header.emplace_back(h);
  row.push_back(std::to_string(iterations_));
  row.push_back(core::format_seconds(best()));
  row.push_back(core::format_seconds(average()));
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f", rate());
  row.push_back(result_.work > 0 ? rate_text : "-");
  row.push_back(sci(result_.validation.value));
  row.push_back(validates() ? "ok" : "WRONG");
  t.rows.push_back(row);
  return t;
}

std::vector<std::string> IterativeKernel::summary_lines() const {
  const auto& v = result_.validation;
  return {"checksum " + sci(v.value) + ", reference " + sci(v.reference) + ", relative epsilon " + sci(v.epsilon)};
}

nlohmann::json IterativeKernel::json() const {
  nlohmann::json params = {{"size", size_}, {"iterations", iterations_}};
  for (const auto& [key, value] : own_parameters())
    std::visit([&, k = key](const auto& v) { params[k] = v; }, value);
  const auto& v = result_.validation;
  return {{"parameters", params},
          {"iteration_seconds", result_.seconds},
          {"best_seconds", best()},
          {"avg_seconds", average()},
          {"rate", rate()},
          {"rate_unit", shape().rate_unit},
          {"checksum", v.value},
          {"reference", v.reference},
          {"epsilon", v.epsilon}};
}

void IterativeKernel::write(const io::h5::Group& g) const {
  const auto& v = result_.validation;
  g.set_attr("size", size_);
  g.set_attr("iterations", std::int64_t{iterations_});
  write_attributes(g, own_parameters());
  g.set_attr("ranks", std::int64_t{ranks_});
  g.set_attr("threads", std::int64_t{threads_});
  g.set_attr("best_seconds", best());
  g.set_attr("avg_seconds", average());
  g.set_attr("rate", rate());
  g.set_attr("rate_unit", shape().rate_unit);
  g.set_attr("work_per_iteration", result_.work);
  g.set_attr("checksum", v.value);
  g.set_attr("reference", v.reference);
  g.set_attr("epsilon", v.epsilon);
  g.set_attr("validates", std::int64_t{v.ok ? 1 : 0});
  g.write("iteration_seconds", result_.seconds);
  g.set_attr("field", save_field_ ? shape().field : std::string());
}

}  // namespace pc::jobs
