// The progress line of `parcompute fetch`: done/total, failed, requests/s on one rewritten
// stderr line of rank 0, for the whole job when every rank shares rank 0's node (each rank
// counts into a shared-memory window with plain atomic stores: no MPI call while fetching,
// so any engine thread may count), else for rank 0's own share.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>

#include "fetch/fetch.hpp"
#include "mpi/comm.hpp"
#include "mpi/shared_window.hpp"

namespace pc::jobs {

class FetchProgress {
 public:
  // Collective. `show`: rank 0 prints (a terminal, not --quiet); `mine`: this rank's URLs,
  // `total`: the job's.
  FetchProgress(const mpi::Comm& comm, bool show, std::int64_t mine, std::int64_t total);
  ~FetchProgress();  // collective (the window)
  FetchProgress(const FetchProgress&) = delete;
  FetchProgress& operator=(const FetchProgress&) = delete;

  // A row of this rank finished (never called by two threads at once).
  void operator()(const io::FetchRow& row);
  // Rank 0's last line, with the job's totals once the rows are gathered.
  void finish(std::int64_t done, std::int64_t failed);

 private:
  using Clock = std::chrono::steady_clock;
  void print(std::int64_t done, std::int64_t failed, bool last);

  int ranks_;
  bool show_;
  std::int64_t total_;
  std::int64_t* counts_ = nullptr;  // this rank's {done, failed}, in the window when shared
  std::int64_t own_[2] = {0, 0};
  std::unique_ptr<mpi::SharedWindow> window_;  // every rank's counts; null when not shared
  Clock::time_point start_, last_;
};

}  // namespace pc::jobs
