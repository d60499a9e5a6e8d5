// OMP_NUM_THREADS checked before any work: a value the OpenMP runtime cannot honour makes it
// crash in its first parallel region (SIGSEGV while starting 100,000 threads here).
#pragma once
#include <cstdint>

namespace pc::jobs {

// The most OpenMP threads one process is allowed: 4096 (eight times the hardware threads of
// the largest nodes), or fewer when RLIMIT_NPROC allows fewer.
std::uint64_t most_threads_per_process();

// Throws core::UsageError naming OMP_NUM_THREADS when any of its comma-separated levels is
// not a whole number from 1 to most_threads_per_process(). Unset is fine. When it is unset,
// SLURM_CPUS_PER_TASK sets the thread count, so it is held to the same range.
void check_thread_request();

}  // namespace pc::jobs
