// The error policy of every MPI subcommand, in one place.
#include "jobs/command/collective.hpp"

#include <new>

#include "core/error.hpp"
#include "core/log.hpp"
#include "jobs/cli/thread_limit.hpp"
#include "mpi/env.hpp"
#include "mpi/launch.hpp"
#include "omp/threads.hpp"

namespace pc::jobs {

int run_collectively(int& argc, char**& argv, MpiUse use, const std::function<int(const mpi::Comm&)>& body) {
  check_thread_request();  // every rank alike, before MPI: main reports it once
  const mpi::Launch launch(argc, argv, use == MpiUse::always);
  const mpi::Comm& comm = launch.comm();  // a lone process unless MPI is started
  omp::apply_default_threads(mpi::ranks_on_node(comm));
  core::Exit status = core::Exit::internal;
  std::string what;
  try {
    return body(comm);
  } catch (const core::Error& e) {
    if (e.exit_status() == core::Exit::usage) return mpi::usage_exit(e.what());
    status = e.exit_status();
    what = e.what();
  } catch (const std::bad_alloc&) {
    status = core::Exit::usage;
    what = "out of memory: the problem does not fit this rank's memory (lower --size or use more nodes)";
  } catch (const std::exception& e) {  // e.g. std::system_error from a thread: end every rank
    status = core::Exit::internal;
    what = std::string("internal error: ") + e.what();
  }
  if (comm.size > 1) mpi::abort(static_cast<int>(status), what);
  core::print_error(what);
  return static_cast<int>(status);
}

}  // namespace pc::jobs
