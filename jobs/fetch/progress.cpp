// Counts are int64 pairs, one per rank, stored and loaded with relaxed atomics: the line is
// advisory, and the exact totals are printed from the gathered rows at the end.
#include "jobs/fetch/progress.hpp"

#include <cstdio>

namespace pc::jobs {

namespace {
void store(std::int64_t* at, std::int64_t v) { __atomic_store_n(at, v, __ATOMIC_RELAXED); }
std::int64_t load(const std::int64_t* at) { return __atomic_load_n(at, __ATOMIC_RELAXED); }
}  // namespace

FetchProgress::FetchProgress(const mpi::Comm& comm, bool show, std::int64_t mine, std::int64_t total)
    : ranks_(comm.size), show_(show && comm.root()), total_(mine), counts_(own_), start_(Clock::now()), last_(start_) {
  if (comm.size == 1 || !mpi::on_one_node(comm)) return;  // the same answer on every rank
  window_ = std::make_unique<mpi::SharedWindow>(comm, 2 * sizeof(std::int64_t));
  counts_ = window_->segment<std::int64_t>(comm.rank);
  store(&counts_[0], 0);
  store(&counts_[1], 0);
  window_->sync();
  total_ = total;
}

FetchProgress::~FetchProgress() = default;

void FetchProgress::operator()(const io::FetchRow& row) {
  store(&counts_[0], load(&counts_[0]) + 1);
  if (row.failed()) store(&counts_[1], load(&counts_[1]) + 1);
  if (!show_) return;
  const auto now = Clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  std::int64_t done = 0, failed = 0;
  for (int r = 0; r < (window_ ? ranks_ : 1); ++r) {
    const std::int64_t* c = window_ ? window_->segment<std::int64_t>(r) : counts_;
    done += load(&c[0]);
    failed += load(&c[1]);
  }
  print(done, failed, false);
}

void FetchProgress::finish(std::int64_t done, std::int64_t failed) {
  if (show_ && done > 0) print(done, failed, true);
}

void FetchProgress::print(std::int64_t done, std::int64_t failed, bool last) {
  const double s = std::chrono::duration<double>(Clock::now() - start_).count();
  const char* whose = window_ || ranks_ == 1 || last ? "" : " (rank 0's share)";
  std::fprintf(stderr, "\rfetch%s: %lld/%lld done, %lld failed, %.0f requests/s ", whose, static_cast<long long>(done),
               static_cast<long long>(last ? done : total_), static_cast<long long>(failed),
               s > 0 ? static_cast<double>(done) / s : 0.0);
  if (last) std::fputc('\n', stderr);
}

}  // namespace pc::jobs
