// Handing a farm's tasks to slots: alone, one process runs them all on its slots; with
// several ranks, rank 0 manages (hands out work, journals results) and the others run.
#pragma once
#include "core/interrupt.hpp"
#include "farm/ledger.hpp"
#include "farm/run_task.hpp"
#include "mpi/comm.hpp"
#include "mpi/map.hpp"

namespace pc::farm {

struct DispatchSettings {
  mpi::Schedule schedule = mpi::Schedule::dynamic;
  int slots = 0;  // per running rank; 0: the CPUs it may use / threads per task
  TaskSettings task;
};

// The slots a rank runs: settings.slots, or when 0 the CPUs it may use (SLURM_CPUS_PER_TASK
// when set, else those of OMP_PLACES or its affinity mask) divided by the threads per task
// (at least 1).
int slots_of(const DispatchSettings& settings);

// Collective over `comm`. `ledger` is rank 0's (nullptr elsewhere). Returns when every task
// is journaled, or a stop or the halt rule ended the hand-out and the running tasks ended.
// Returns the stop signal seen on any rank (0 if none).
int dispatch(const mpi::Comm& comm, const TaskList& list, const DispatchSettings& settings, Ledger* ledger,
             const core::DeferredStop& stop);

}  // namespace pc::farm
